import Foundation
import Testing

@testable import FactwireAPI

/// Where the OpenAPI document constrains an input, the constraint must not be looser than the route: a client
/// (or a contract fuzzer) that follows the document should not be refused. These read the document as served.
@Suite("OpenAPI constraints")
struct OpenAPIConstraintTests {
    /// The `pattern` of query parameter `name` on the line that declares it.
    static func pattern(ofQueryParameter name: String) throws -> NSRegularExpression {
        let line = try #require(
            OpenAPIDocument.yaml.split(separator: "\n").first { $0.contains("{name: \(name), in: query") })
        let start = try #require(line.range(of: "pattern: '"))
        let end = try #require(line[start.upperBound...].firstIndex(of: "'"))
        return try NSRegularExpression(pattern: String(line[start.upperBound..<end]))
    }

    static func matches(_ expression: NSRegularExpression, _ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    @Test("every wait the document's pattern admits is one POST /v1/documents accepts, and the refused ones fail it")
    func waitPatternIsNoLooserThanTheRoute() throws {
        let pattern = try Self.pattern(ofQueryParameter: "wait")
        let admitted = ["0", "1", "10", "10s", "59.999", "60", "60s", "60.000s", "0.5s", "500ms", "60000ms", "12.5ms"]
        for text in admitted {
            #expect(Self.matches(pattern, text), "the document should admit wait=\(text)")
            #expect(throws: Never.self, "the route should accept wait=\(text)") {
                try DocumentRoutes.waitDuration(text)
            }
        }
        // Seconds (bare and with s) and milliseconds from 0 to 70 s in steps of 0.7 s, as a fuzzer would try them.
        for tenths in stride(from: 0, through: 700, by: 7) {
            for text in ["\(Double(tenths) / 10)", "\(Double(tenths) / 10)s", "\(tenths * 100)ms"]
            where Self.matches(pattern, text) {
                #expect(throws: Never.self, "the document admits wait=\(text); the route refuses it") {
                    try DocumentRoutes.waitDuration(text)
                }
            }
        }
        for text in ["61", "60.5s", "60001ms", "1.2.3", "-1", "ten", "10 s"] {
            #expect(!Self.matches(pattern, text), "the document should not admit wait=\(text)")
            #expect(throws: APIError.self, "the route should refuse wait=\(text)") {
                try DocumentRoutes.waitDuration(text)
            }
        }
    }
}
