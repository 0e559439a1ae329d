import FactwireExtract
import Testing

@Suite("JSON article input")
struct JSONArticleReaderTests {
    @Test("all fields, with paragraphs split at blank lines and the date kept to the day")
    func full() throws {
        let entry = try JSONArticleReader.read(
            #"""
            {"title": "Cobalt Systems sales flat", "body": "Cobalt said sales were flat at $2bn.\n\nIt expects growth.",
             "url": "https://example.com/cobalt", "published_at": "2025-05-11T09:30:00Z", "author": "Kim Larsen", "section": "Business"}
            """#)
        #expect(entry.article.title == "Cobalt Systems sales flat")
        #expect(entry.article.paragraphs == ["Cobalt said sales were flat at $2bn.", "It expects growth."])
        #expect(entry.article.published == "2025-05-11")
        #expect(entry.article.author == "Kim Larsen")
        #expect(entry.article.section == "Business")
        #expect(entry.url == "https://example.com/cobalt")
        #expect(entry.article.wordCount == 10)
    }

    @Test("escaped NULs, controls, CRLF and mojibake in strings are cleaned as raw text would be")
    func escapesCleaned() throws {
        let entry = try JSONArticleReader.read(
            #"""
            {"title": "Marlow\u0000 Freight\u0007", "body": "Marlow\u00e2\u0080\u0099s sales rose to \u00e2\u0082\u00ac4.1 billion.\u0000\r\n\r\nIt expects\u0085 growth."}
            """#)
        #expect(entry.article.title == "Marlow Freight")
        #expect(entry.article.paragraphs == ["Marlow’s sales rose to €4.1 billion.", "It expects growth."])
        let bytes = Array(
            #"{"body": "Kestrel Freight AG said revenue rose to \u00e2\u0082\u00ac4.1 billion in 2025.\u0000"}"#.utf8)
        let facts = try #require(try Extraction.extract(bytes, mediaType: .json).first).facts
        #expect(facts.contains { $0.metric == .revenue && $0.unit == "EUR" && $0.value == 4.1e9 }, "\(facts)")
        #expect(!facts.contains { $0.evidence.unicodeScalars.contains("\u{0}") })
    }

    @Test(
        "bad JSON is refused with a message naming the problem",
        arguments: [
            ("{not json", "not valid JSON"), ("[1, 2]", "expected a JSON object"),
            (#"{"title": "x"}"#, "\"body\" is missing"),
            (#"{"body": 42}"#, "\"body\" must be a string"),
            (#"{"body": "ok", "title": ["a"]}"#, "\"title\" must be a string")
        ])
    func refused(text: String, mentions: String) {
        #expect { try JSONArticleReader.read(text) } throws: { String(describing: $0).contains(mentions) }
    }

    @Test("NDJSON: one article per line, blank lines skipped, a bad line named")
    func ndjson() throws {
        let entries = try JSONArticleReader.readLines(#"{"body": "One."}"# + "\n\n" + #"{"body": "Two."}"#)
        #expect(entries.map(\.article.paragraphs) == [["One."], ["Two."]])
        #expect { try JSONArticleReader.readLines(#"{"body": "One."}"# + "\n" + "oops") } throws: {
            String(describing: $0).hasPrefix("line 2:")
        }
    }

    @Test("deeply nested JSON is refused, not a crash")
    func deeplyNested() {
        let nested = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONArticleReader.Failure.self) { try JSONArticleReader.read(nested) }
        // A well-formed article with one field nested too deep is told so, not called malformed.
        let deepField =
            #"{"body": "Quillon Motors sold 40 cars. [not a bracket {", "extra": "#
            + String(repeating: #"{"a": "#, count: 600) + "1" + String(repeating: "}", count: 600) + "}"
        #expect { try JSONArticleReader.read(deepField) } throws: {
            String(describing: $0) == "not valid JSON: arrays and objects nested more than 512 deep"
        }
    }
}
