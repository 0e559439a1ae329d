import FactwireAPI
import FactwireExtract
import Testing

/// The OpenAPI document spells out the values a filter takes; they must be the extractor's own.
@Suite("OpenAPI vocabulary")
struct OpenAPIVocabularyTests {
    /// The `enum: [...]` of every query parameter `name` (one per route that takes it).
    static func enumerations(_ name: String) -> [[String]?] {
        OpenAPIDocument.yaml.split(separator: "\n").filter { $0.contains("{name: \(name), in: query") }.map { line in
            guard let open = line.range(of: "enum: ["), let close = line[open.upperBound...].firstIndex(of: "]")
            else { return nil }
            return line[open.upperBound..<close].split(separator: ",").map {
                String($0.trimmingCharacters(in: .whitespaces))
            }
        }
    }

    @Test("the metric and status filters list exactly Fact.Metric and Fact.Status, on every route")
    func filtersMatchTheDomain() {
        #expect(Self.enumerations("metric").count == 2)
        for metrics in Self.enumerations("metric") { #expect(metrics == Fact.Metric.allCases.map(\.rawValue)) }
        #expect(Self.enumerations("status") == [Fact.Status.allCases.map(\.rawValue)])
    }
}
