import FactwireCore
import FactwireIngest
import FactwireStore
import FactwireTesting
import Foundation
import PostgresNIO
import Testing

/// A company's facts page (the API's busiest read): the prepared statement, the general form with more
/// filters, and the keyset pages agree, for a name that is one company's name and another's alias.
@Suite("Fact pages by company", .serialized, .timeLimit(.minutes(3)))
struct FactPagesTests {
    static func ids(_ json: ByteBuffer) throws -> [Int64] {
        let object = try JSONSerialization.jsonObject(with: Data(json.readableBytesView)) as? [String: Any]
        return (object?["facts"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? NSNumber)?.int64Value }
    }

    @Test("a name and an alias: both companies' facts, newest first; pages follow each other; filters agree")
    func companyPages() async throws {
        try await FiguresTests.withDatabase("fact_pages") { client in
            let bodies = [
                "Veltro Foods said revenue rose 6% to $4.2 billion in 2024, and operating profit rose to $610 million.",
                "Veltro Logistics said revenue rose 3% to $1.3 billion in 2024, and its net income was $95 million.",
                "Veltro Foods said first-quarter revenue was $1.1 billion."
            ]
            try await FiguresTests.ingest(
                bodies.enumerated().map {
                    FiguresTests.article(
                        "Veltro \($0.offset)", published: "2025-03-0\($0.offset + 1)", body: $0.element)
                },
                into: client)
            // "veltro logistics" is also an alias of Veltro Foods (as an article could have taught).
            _ = try await client.query(
                """
                INSERT INTO factwire.company_aliases (alias_key, alias, company_id)
                SELECT 'veltro logistics', 'Veltro Logistics', id FROM factwire.companies WHERE name = 'Veltro Foods'
                """, logger: FiguresTests.logger)
            let expected = try await IngestTests.count(
                client,
                """
                SELECT count(*)::int8 FROM factwire.facts f JOIN factwire.companies c ON c.id = f.company_id
                WHERE c.name IN ('Veltro Foods', 'Veltro Logistics')
                """)
            #expect(expected >= 5)

            let store = FactStore(client: client, logger: FiguresTests.logger)
            var filter = FactFilter(limit: 100)
            filter.companyName = "Veltro Logistics"
            let all = try Self.ids(try await store.pageJSON(filter))
            #expect(all.count == Int(expected))
            #expect(all == all.sorted(by: >))

            // Pages of two, by `after`, give the same facts in the same order.
            var paged: [Int64] = []
            var page = FactFilter(limit: 2)
            page.companyName = "veltro logistics"
            while true {
                let ids = try Self.ids(try await store.pageJSON(page))
                paged += ids
                guard ids.count == 2, let last = ids.last else { break }
                page.before = last
            }
            #expect(paged == all)

            // Unprepared (as with DATABASE_PREPARED_STATEMENTS=off, for PgBouncer in transaction mode): the same
            // SQL, the same answer.
            let unprepared = try await PreparedStatementPolicy.$offInThisTask.withValue(true) {
                try Self.ids(try await store.pageJSON(filter))
            }
            #expect(unprepared == all)

            // A filter on the article takes the general form; its answer is the same subset.
            var dated = FactFilter(limit: 100)
            dated.companyName = "Veltro Logistics"
            dated.publishedFrom = "2025-03-02"
            let later = try Self.ids(try await store.pageJSON(dated))
            #expect(!later.isEmpty && later.count < all.count && Set(later).isSubset(of: Set(all)))
            var revenue = FactFilter(limit: 100)
            revenue.companyName = "Veltro Logistics"
            revenue.metric = "revenue"
            let revenues = try Self.ids(try await store.pageJSON(revenue))
            #expect(revenues.count == 3 && Set(revenues).isSubset(of: Set(all)))
        }
    }
}
