import FactwireAPI
import FactwireExtract
import Testing

/// The OpenAPI document spells out the values a filter takes; they must be the extractor's own.
@Suite("OpenAPI vocabulary")
struct OpenAPIVocabularyTests {
    /// The `enum: [...]` of the query parameter `name`.
    static func enumeration(_ name: String) -> [String]? {
        for line in OpenAPIDocument.yaml.split(separator: "\n") where line.contains("{name: \(name), in: query") {
            guard let open = line.range(of: "enum: ["), let close = line[open.upperBound...].firstIndex(of: "]")
            else { return nil }
            return line[open.upperBound..<close].split(separator: ",").map {
                String($0.trimmingCharacters(in: .whitespaces))
            }
        }
        return nil
    }

    @Test("the metric and status filters list exactly Fact.Metric and Fact.Status")
    func filtersMatchTheDomain() {
        #expect(Self.enumeration("metric") == Fact.Metric.allCases.map(\.rawValue))
        #expect(Self.enumeration("status") == Fact.Status.allCases.map(\.rawValue))
    }
}
