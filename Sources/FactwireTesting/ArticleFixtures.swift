import FactwireExtract
import Foundation

/// Article-sized documents written for the tests (invented companies and figures), varied by index so
/// every one is distinct and gives a known mix of facts.
public enum ArticleFixtures {
    static let names = [
        "Larkspur Networks", "Cobalt Systems", "Marlow Telecom", "Pinecrest Devices", "Veltro Labs", "Kestrel Group",
        "Harrow Motors", "Ostrava Software", "Brackett Corp", "Quillfeather AG"
    ]

    /// Plain-text article number `index`.
    public static func article(_ index: Int) -> String {
        let name = names[index % names.count]
        let revenue = Double(10 + index % 90) + Double(index % 10) / 10
        let growth = 1 + index % 25
        return """
            Business › Technology

            \(name) reports results, report \(index)

            By Dana Whitcombe, Senior Reporter

            \(name) reported revenue of $\(String(format: "%.1f", revenue)) billion for fiscal 2025, up \(growth)% from a year earlier.

            The company said its net profit was $\(1 + index % 7).\(index % 10) billion, while earnings per share were $\(index % 5).25.

            Executives said demand from carriers remained strong in Europe and Asia during the period, item \(index).
            """
    }
}

extension ArticleFixtures {
    /// How many facts the extractor gives for articles `range`: what the workers must have stored. Computed on a
    /// thread of its own (see ``OwnThread``): in a debug build a few thousand articles are many seconds of CPU.
    public static func expectedFactCount(_ range: Range<Int>) async throws -> Int {
        try await OwnThread.run {
            try range.reduce(0) { sum, index in
                sum
                    + (try Extraction.extract(Array(article(index).utf8), mediaType: .plainText).first?.facts.count ?? 0)
            }
        }
    }
}
