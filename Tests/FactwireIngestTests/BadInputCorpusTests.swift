import FactwireExtract
import FactwireIngest
import FactwireQueue
import FactwireStore
import FactwireTesting
import Foundation
import PostgresNIO
import Testing

/// Hostile and broken documents, written for the project, through the real ingest path: each ends with a
/// reason on the document or a sane article, no worker crashes or hangs, and what was stored before
/// is byte for byte the same afterwards.
///
/// The limit catches a hang, not slowness: alone the corpus takes about 1.5 minutes here, beside every other suite
/// of a full `swift test` on two cores over 5.
@Suite("Faults: bad input corpus", .serialized, .timeLimit(.minutes(10)))
struct BadInputCorpusTests {
    static let logger = TestPostgres.logger

    /// One hostile document and what may become of it.
    struct Case: Sendable {
        enum Outcome: Sendable {
            case refused(String)
            case ingested, either
        }
        var name: String
        var mediaType: String
        var content: [UInt8]
        var outcome: Outcome
    }

    static func corpus() -> [Case] {
        var random = SplitMix64(seed: 0xFAC7)
        let article = "Acme Widgets said revenue rose 12% to $4.2 billion in 2025, and it employs 18,000 people."
        var utf16 = [UInt8(0xFF), 0xFE]
        for unit in article.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        // As some Windows exports write it: big-endian, no byte-order mark.
        let utf16BigEndian = article.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        var invalidUTF8 = Array(article.utf8)
        invalidUTF8.insert(contentsOf: [0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x28, 0x8C, 0xBC], at: 10)
        let fiftyMB = [UInt8](repeating: UInt8(ascii: "x"), count: 50 * 1024 * 1024)
        let binary = (0..<(1 << 20)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let nestedJSON = Array((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
        let nestedHTML = Array(
            ("<html><body>" + String(repeating: "<div>", count: 100_000) + "<p>\(article)</p>"
                + String(repeating: "</div>", count: 100_000) + "</body></html>").utf8)
        // 20,000 figures are 20 times the per-article cap; more only adds minutes of debug-build extraction.
        let manyLines = Array(
            (0..<20_000).map { "Line \($0): Acme Widgets shipped \($0 % 90 + 1) million units.\n" }.joined().utf8)
        return [
            Case(name: "empty", mediaType: "text/plain", content: [], outcome: .refused("empty")),
            Case(name: "50 MB", mediaType: "text/plain", content: fiftyMB, outcome: .refused("limit")),
            Case(name: "random binary", mediaType: "text/plain", content: binary, outcome: .refused("binary")),
            Case(name: "invalid UTF-8", mediaType: "text/plain", content: invalidUTF8, outcome: .ingested),
            Case(name: "UTF-16 with BOM", mediaType: "text/plain", content: utf16, outcome: .ingested),
            Case(name: "UTF-16 without BOM", mediaType: "text/plain", content: utf16BigEndian, outcome: .ingested),
            Case(
                name: "deeply nested JSON", mediaType: "application/json", content: nestedJSON,
                outcome: .refused("JSON")),
            Case(
                name: "JSON with wrong types", mediaType: "application/json",
                content: Array(#"{"title": 42, "body": ["not", "a", "string"], "published": {}}"#.utf8),
                outcome: .refused("must be a string")),
            Case(
                name: "JSON null body", mediaType: "application/json", content: Array(#"{"body": null}"#.utf8),
                outcome: .refused("body")),
            // PostgreSQL stores no NUL in text: escaped, it used to fail the job at the insert.
            Case(
                name: "escaped NUL in JSON", mediaType: "application/json",
                content: Array(#"{"title": "Acme\u0000 Widgets", "body": "\u0000\#(article)\u0000\u0007"}"#.utf8),
                outcome: .ingested),
            Case(name: "HTML with 100k nested tags", mediaType: "text/html", content: nestedHTML, outcome: .either),
            Case(name: "20k-line text", mediaType: "text/plain", content: manyLines, outcome: .ingested),
            Case(
                name: "overflowing numbers", mediaType: "text/plain",
                content: Array(
                    """
                    Acme Widgets said revenue reached 1e309 dollars last year.
                    Acme Widgets expects profit of $99999999999999999999 trillion in 2026.
                    Acme Widgets said its market share changed by -0% in the quarter.
                    Acme Widgets reported revenue of $-0 billion and 0.0000000000000000000001% growth.
                    """.utf8), outcome: .either),
            Case(
                name: "NUL bytes and controls in text", mediaType: "text/plain",
                content: Array("Acme Widgets\u{0}\u{1}\u{7F} revenue rose 5% to $2 billion.\u{0}".utf8),
                outcome: .either),
            Case(
                name: "lone surrogates escaped in JSON", mediaType: "application/json",
                content: Array(
                    #"{"title": "\ud800 broken", "body": "Acme Widgets revenue rose 5% to $2 billion. \udfff"}"#.utf8),
                outcome: .either)
        ]
    }

    /// A fingerprint of everything stored for `documents`: any change to them changes it.
    static func fingerprint(_ client: PostgresClient, documents: [Int64]) async throws -> String {
        let rows = try await client.query(
            """
            SELECT md5(coalesce((SELECT string_agg(d::text, '|' ORDER BY d.id) FROM factwire.documents d WHERE d.id = ANY(\(documents))), '')
                || coalesce((SELECT string_agg(a::text, '|' ORDER BY a.id) FROM factwire.articles a WHERE a.document_id = ANY(\(documents))), '')
                || coalesce((SELECT string_agg(f::text, '|' ORDER BY f.id) FROM factwire.facts f JOIN factwire.articles a ON a.id = f.article_id
                             WHERE a.document_id = ANY(\(documents))), ''))
            """,
            logger: logger
        )
        for try await value in rows.decode(String.self) { return value }
        return ""
    }

    @Test(
        "each hostile document gets a clear reason or a sane article; workers survive; earlier articles are unchanged")
    func corpusThroughIngest() async throws {
        let database = try await TestPostgres.makeDatabase("ingest_corpus")
        try await TestPostgres.withClient(database) { client throws in
            try await Migrator(logger: Self.logger).migrate(client: client)
            let submitter = DocumentSubmitter(client: client, logger: Self.logger)
            let good = try await submitter.submit(
                (0..<5).map { .init(content: Array(ArticleFixtures.article($0).utf8), mediaType: "text/plain") })
            let goodIDs: [Int64] = good.compactMap { if case .queued(let document, _) = $0 { document } else { nil } }
            try await IngestTests.ingestAll(client)
            let before = try await Self.fingerprint(client, documents: goodIDs)

            let corpus = Self.corpus()
            var ids: [String: Int64] = [:]
            for item in corpus {
                // Submission itself may refuse (an empty body); that is a clear error too.
                do {
                    let result = try await submitter.submit([.init(content: item.content, mediaType: item.mediaType)])
                    if case .queued(let document, _) = result.first { ids[item.name] = document }
                } catch {
                    guard case .refused = item.outcome else {
                        Issue.record("\(item.name): submission failed: \(error)")
                        continue
                    }
                    #expect("\(error)".lowercased().contains("empty"), "\(item.name): \(error)")
                }
            }
            let started = ContinuousClock.now
            // The 20,000-line dump is 20,000 sentences with a figure each: 2 s in a release build, about 12 s alone
            // in the debug build tests run in, several times that beside every other suite.
            try await IngestTests.ingestAll(client, within: .seconds(240))
            print("bad input corpus: \(corpus.count) documents settled in \(started.duration(to: .now))")

            for item in corpus {
                guard let id = ids[item.name] else { continue }
                let rows = try await client.query(
                    "SELECT state, coalesce(last_error, '') FROM factwire.documents WHERE id = \(id)",
                    logger: Self.logger)
                var state = ("", "")
                for try await row in rows.decode((String, String).self) { state = row }
                switch item.outcome {
                case .refused(let reason):
                    #expect(state.0 == "failed" && state.1.contains(reason), "\(item.name): \(state)")
                case .ingested:
                    #expect(state.0 == "ingested", "\(item.name): \(state)")
                case .either:
                    #expect(
                        state.0 == "ingested" || (state.0 == "failed" && !state.1.isEmpty), "\(item.name): \(state)")
                }
                print("  \(item.name): \(state.0)\(state.1.isEmpty ? "" : " — \(state.1.prefix(100))")")
            }
            // Sane values only: finite, within numeric range, no negative zero, offsets inside the evidence.
            #expect(
                try await IngestTests.count(
                    client,
                    """
                    SELECT count(*)::int8 FROM factwire.facts WHERE value = 'NaN' OR abs(value) > 1e18
                        OR (value = 0 AND value::text LIKE '-%') OR evidence IS NULL OR evidence = ''
                    """) == 0)
            // The UTF-16 and escaped-NUL articles read like their UTF-8 original.
            for name in ["UTF-16 with BOM", "UTF-16 without BOM", "escaped NUL in JSON"] {
                let id = try #require(ids[name], "\(name) was not stored")
                let facts = try await IngestTests.storedFacts(client, document: id)
                #expect(facts.contains { $0.metric == "revenue" && $0.value == 4.2e9 }, "\(name): \(facts)")
            }
            // A table dump of 20,000 figures keeps the first 1,000 (the per-article cap), and says so.
            if let id = ids["20k-line text"] {
                #expect(try await IngestTests.storedFacts(client, document: id).count == 1_000)
                #expect(
                    try await IngestTests.count(
                        client,
                        "SELECT (result->>'facts_dropped')::int8 FROM factwire.job_history WHERE args->>'document_id' = \(String(id))"
                    ) == 19_000)
            }
            #expect(try await IngestTests.count(client, "SELECT count(*)::int8 FROM factwire.jobs") == 0)
            #expect(
                try await Self.fingerprint(client, documents: goodIDs) == before,
                "articles stored before the corpus changed")
        }
    }
}
