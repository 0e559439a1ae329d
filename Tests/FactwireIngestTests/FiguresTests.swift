import FactwireIngest
import FactwireStore
import FactwireTesting
import Foundation
import PostgresNIO
import Testing

/// Canonical periods and `factwire.figures` on articles ingested by a real worker into a real database.
@Suite("Figures across articles", .serialized, .timeLimit(.minutes(3)))
struct FiguresTests {
    static let logger = TestPostgres.logger

    /// A JSON article with a publication date (made-up companies and figures).
    static func article(_ title: String, published: String, body: String) -> DocumentSubmitter.Submission {
        let json = try! JSONEncoder().encode(["title": title, "published_at": published, "body": body])
        return .init(content: Array(json), mediaType: "application/json")
    }

    /// A migrated database of its own for `body`.
    static func withDatabase(_ name: String, _ body: @Sendable (PostgresClient) async throws -> Void) async throws {
        let database = try await TestPostgres.makeDatabase(name)
        try await TestPostgres.withClient(database) { client throws in
            try await Migrator(logger: Self.logger).migrate(client: client)
            try await body(client)
        }
    }

    /// Stores `articles` and ingests them with an in-process worker, until none is left queued.
    static func ingest(_ articles: [DocumentSubmitter.Submission], into client: PostgresClient) async throws {
        _ = try await DocumentSubmitter(client: client, logger: Self.logger).submit(articles)
        try await IngestTests.ingestAll(client)
    }

    struct Figure: Equatable {
        var kind: String
        var year: Int?
        var part: Int?
        var start: String?
        var end: String?
        var value: Double
        var sources: Int
        var conflicting: Bool
    }

    static func figures(_ client: PostgresClient, company: String, metric: String) async throws -> [Figure] {
        let rows = try await client.query(
            """
            SELECT period_kind, fiscal_year, coalesce(fiscal_quarter, fiscal_half)::int, period_start::text,
                   period_end::text, value::float8, sources::int, conflicting
            FROM factwire.figures WHERE company = \(company) AND metric = \(metric) ORDER BY period_end
            """, logger: logger)
        var out: [Figure] = []
        for try await (kind, year, part, start, end, value, sources, conflicting) in rows.decode(
            (String, Int?, Int?, String?, String?, Double, Int, Bool).self)
        {
            out.append(
                Figure(
                    kind: kind, year: year, part: part, start: start, end: end, value: value, sources: sources,
                    conflicting: conflicting))
        }
        return out
    }

    @Test(
        "the same quarter in different words is one figure of two sources; 'last year' is the year before publication; disagreeing articles conflict"
    )
    func figuresAcrossArticles() async throws {
        try await Self.withDatabase("figures") { client in
            let submissions = [
                Self.article(
                    "Pinecrest Audio results", published: "2025-11-05",
                    body: "Pinecrest Audio reported third-quarter revenue of $412 million on Wednesday."),
                Self.article(
                    "Pinecrest Audio beats forecasts", published: "2025-11-07",
                    body: "Pinecrest Audio said its revenue for the July-September quarter came to $412.0 million."),
                Self.article(
                    "Veltro Foods annual report", published: "2025-03-14",
                    body: "Veltro Foods said its revenue reached $4.2 billion last year."),
                Self.article(
                    "Marlow Freight results", published: "2025-02-01",
                    body: "Marlow Freight posted revenue of $3.1 billion for 2024."),
                Self.article(
                    "Marlow Freight files report", published: "2025-02-20",
                    body: "Marlow Freight's revenue in 2024 was $3.4 billion, its filing shows.")
            ]
            try await Self.ingest(submissions, into: client)

            #expect(
                try await Self.figures(client, company: "Pinecrest Audio", metric: "revenue") == [
                    Figure(
                        kind: "quarter", year: 2025, part: 3, start: "2025-07-01", end: "2025-09-30", value: 412e6,
                        sources: 2, conflicting: false)
                ])
            #expect(
                try await Self.figures(client, company: "Veltro Foods", metric: "revenue") == [
                    Figure(
                        kind: "year", year: 2024, part: nil, start: "2024-01-01", end: "2024-12-31", value: 4.2e9,
                        sources: 1, conflicting: false)
                ])
            let marlow = try await Self.figures(client, company: "Marlow Freight", metric: "revenue")
            #expect(marlow.count == 1)
            #expect(marlow.first?.sources == 2 && marlow.first?.conflicting == true && marlow.first?.year == 2024)
            // The newer report wins a tie between two single sources.
            #expect(marlow.first?.value == 3.4e9)
        }
    }

    @Test("months and running totals of one year are figures of their own, not one conflicting figure")
    func monthsAndRunningTotals() async throws {
        try await Self.withDatabase("figure_months") { client in
            try await Self.ingest(
                [
                    Self.article(
                        "Kestrel Motors March sales", published: "2025-04-03",
                        body: "Kestrel Motors said revenue in March rose to $310 million."),
                    Self.article(
                        "Kestrel Motors April sales", published: "2025-05-06",
                        body: "Kestrel Motors said revenue in April rose to $335 million."),
                    Self.article(
                        "Kestrel Motors year so far", published: "2025-09-04",
                        body: "Kestrel Motors said revenue in the first eight months of 2025 reached $2.6 billion."),
                    Self.article(
                        "Kestrel Motors update", published: "2025-10-02",
                        body: "Kestrel Motors said revenue in the first nine months of 2025 reached $2.9 billion.")
                ], into: client)
            let figures = try await Self.figures(client, company: "Kestrel Motors", metric: "revenue")
            #expect(
                figures.map { [$0.kind, $0.start ?? "-", $0.end ?? "-"] } == [
                    ["month", "2025-03-01", "2025-03-31"], ["month", "2025-04-01", "2025-04-30"],
                    ["cumulative", "2025-01-01", "2025-08-31"], ["nine_months", "2025-01-01", "2025-09-30"]
                ])
            #expect(figures.allSatisfy { !$0.conflicting && $0.sources == 1 })
        }
    }

    @Test(
        "factwire_analyst reads facts and figures but not the queue; grant gives it to a login role and refuses unknown names"
    )
    func analystRole() async throws {
        try await Self.withDatabase("analyst") { client in
            try await client.withConnection { connection in
                try await connection.query("SET ROLE factwire_analyst", logger: Self.logger)
                _ = try await connection.query("SELECT count(*) FROM factwire.figures", logger: Self.logger)
                _ = try await connection.query("SELECT count(*) FROM factwire.facts", logger: Self.logger)
                _ = try await connection.query(
                    "SELECT count(*) FROM factwire.company_fiscal_years", logger: Self.logger)
                for table in ["factwire.jobs", "factwire.documents", "factwire.api_tokens"] {
                    await #expect {
                        _ = try await connection.query(
                            PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"), logger: Self.logger)
                    } throws: { error in
                        (error as? PSQLError)?.serverInfo?[.sqlState] == "42501"
                    }
                }
                try await connection.query("RESET ROLE", logger: Self.logger)
            }
            let login = "fw_reader_\(UInt32.random(in: 0...UInt32.max))"
            _ = try await client.query(PostgresQuery(unsafeSQL: "CREATE ROLE \(login) LOGIN"), logger: Self.logger)
            let analyst = AnalystRole(client: client, logger: Self.logger)
            try await analyst.grant(to: login)
            var member = false
            for try await value in try await client.query(
                "SELECT pg_has_role(\(login), 'factwire_analyst', 'MEMBER')", logger: Self.logger
            ).decode(Bool.self) { member = value }
            #expect(member)
            await #expect(throws: AnalystRoleError.self) {
                try await analyst.grant(to: "nobody\"; DROP TABLE factwire.facts; --")
            }
            #expect(try await IngestTests.count(client, "SELECT count(*)::int8 FROM factwire.facts") == 0)
            _ = try await client.query(PostgresQuery(unsafeSQL: "DROP ROLE \(login)"), logger: Self.logger)
        }
    }

    /// The ECB file committed in data/ecb/.
    static let ratesFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("data/ecb/eurofxref-hist.csv").path

    @Test(
        "4 billion euros for 2024 is 4e9 times the ECB's average USD rate of 2024; a currency the ECB does not publish stays null, with the reason"
    )
    func moneyInOneCurrency() async throws {
        // The whole committed file parses; the database gets 2024 and 2025 only (the rest would only slow the test).
        let all = try await OwnThread.run {
            try FXRateStore.parse(try String(contentsOfFile: Self.ratesFile, encoding: .utf8))
        }
        #expect(all.count > 200_000 && all.contains { $0.day == "1999-01-04" && $0.currency == "USD" })
        let rates = all.filter { $0.day.hasPrefix("2024-") || $0.day.hasPrefix("2025-") }
        let usd2024 = rates.filter { $0.currency == "USD" && $0.day.hasPrefix("2024-") }.map(\.perEUR)
        #expect(usd2024.count > 250)
        let average = usd2024.reduce(0, +) / Double(usd2024.count)

        try await Self.withDatabase("fx") { client in
            let imported = try await FXRateStore(client: client, logger: Self.logger).importRates(rates)
            #expect(imported.rates == rates.count && imported.firstDay == "2024-01-02")
            // A second import replaces, it does not add.
            _ = try await FXRateStore(client: client, logger: Self.logger).importRates(Array(rates.prefix(100)))
            #expect(
                try await IngestTests.count(client, "SELECT count(*)::int8 FROM factwire.fx_rates")
                    == Int64(rates.count))

            try await Self.ingest(
                [
                    Self.article(
                        "Lindqvist Tools annual results", published: "2025-02-12",
                        body: "Lindqvist Tools reported revenue of 4 billion euros for 2024."),
                    Self.article(
                        "Kestrel Semiconductor results", published: "2025-02-12",
                        body: "Kestrel Semiconductor reported revenue of NT$90 billion for 2024.")
                ], into: client)

            let rows = try await client.query(
                """
                SELECT company, value::float8, value_usd::float8, value_eur::float8, fx_method, fx_note
                FROM factwire.figures WHERE metric = 'revenue' ORDER BY company
                """, logger: Self.logger)
            var found: [String: (Double, Double?, Double?, String?, String?)] = [:]
            for try await (company, value, usd, eur, method, note) in rows.decode(
                (String, Double, Double?, Double?, String?, String?).self)
            {
                found[company] = (value, usd, eur, method, note)
            }
            let euros = try #require(found["Lindqvist Tools"])
            #expect(euros.0 == 4e9 && euros.2 == 4e9 && euros.3 == "period_average")
            let usd = try #require(euros.1)
            #expect(abs(usd / (4e9 * average) - 1) < 0.001, "value_usd \(usd), expected \(4e9 * average)")
            let taiwan = try #require(found["Kestrel Semiconductor"])
            #expect(taiwan.1 == nil && taiwan.2 == nil)
            #expect(taiwan.4?.contains("TWD") == true)
            #expect(
                try await IngestTests.count(
                    client,
                    "SELECT count(*)::int8 FROM factwire.company_series WHERE company = 'Lindqvist Tools' AND period_label = 'FY2024'"
                ) == 1)

            // Whole months read the monthly sums; they give the mean of the days, also after a rate is
            // changed, deleted or added by hand (the triggers keep the sums).
            let sameAsDays: PostgresQuery = """
                SELECT count(*)::int8 FROM (VALUES ('JPY', 'USD'), ('EUR', 'USD'), ('JPY', 'EUR'), ('USD', 'EUR')) p(f, t)
                WHERE abs((factwire.fx_convert(1, p.f, p.t, '2024-04-01', '2024-06-30', NULL)).value
                          - (SELECT avg(coalesce(rt.per_eur, 1) / coalesce(rf.per_eur, 1))
                             FROM generate_series(date '2024-04-01', date '2024-06-30', '1 day') d(day)
                             LEFT JOIN factwire.fx_rates rf ON rf.currency = p.f AND rf.day = d.day
                             LEFT JOIN factwire.fx_rates rt ON rt.currency = p.t AND rt.day = d.day
                             WHERE (p.f = 'EUR' OR rf.per_eur IS NOT NULL) AND (p.t = 'EUR' OR rt.per_eur IS NOT NULL)))
                      < 1e-12
                """
            #expect(try await IngestTests.count(client, sameAsDays) == 4)
            _ = try await client.query(
                "UPDATE factwire.fx_rates SET per_eur = per_eur * 2 WHERE currency = 'USD' AND day = '2024-05-02'",
                logger: Self.logger)
            _ = try await client.query(
                "DELETE FROM factwire.fx_rates WHERE currency = 'JPY' AND day = '2024-05-03'", logger: Self.logger)
            #expect(try await IngestTests.count(client, sameAsDays) == 4)
        }
    }

    @Test("a rates file that is not the ECB's is refused with the line that is wrong")
    func badRatesFile() throws {
        #expect(throws: FXRateError.self) { try FXRateStore.parse("Day,USD\n2024-01-02,1.1\n") }
        #expect(throws: FXRateError.self) { try FXRateStore.parse("Date,USD\n2024-13-02,1.1\n") }
        #expect(throws: FXRateError.self) { try FXRateStore.parse("Date,USD\n2024-01-02,-1\n") }
        #expect(throws: FXRateError.self) { try FXRateStore.parse("Date,usd;DROP\n2024-01-02,1.1\n") }
        #expect(try FXRateStore.parse("Date,USD,JPY,\n2024-01-02,1.1,N/A,\n").count == 1)
    }

    @Test("a fiscal year end stated in one article places the quarters of later articles about the company")
    func rememberedYearEnd() async throws {
        try await Self.withDatabase("year_end") { client in
            try await Self.ingest(
                [
                    Self.article(
                        "Kestrel Motors results", published: "2025-05-10",
                        body:
                            "Kestrel Motors, whose fiscal year ends in March, said revenue for the year rose 5% to $20 billion."
                    )
                ], into: client)
            #expect(
                try await IngestTests.count(client, "SELECT year_end_month::int8 FROM factwire.company_fiscal_years")
                    == 3)
            try await Self.ingest(
                [
                    Self.article(
                        "Kestrel Motors quarter", published: "2025-08-01",
                        body: "Kestrel Motors reported first-quarter revenue of $5.1 billion.")
                ], into: client)
            let quarter = try await Self.figures(client, company: "Kestrel Motors", metric: "revenue").filter {
                $0.kind == "quarter"
            }
            #expect(
                quarter == [
                    Figure(
                        kind: "quarter", year: 2026, part: 1, start: "2025-04-01", end: "2025-06-30", value: 5.1e9,
                        sources: 1, conflicting: false)
                ])
        }
    }

    @Test(
        "reprocess fills the canonical periods of facts stored by an older extractor; the figures follow the current facts"
    )
    func reprocessRecomputes() async throws {
        try await Self.withDatabase("figures_reprocess") { client in
            try await Self.ingest(
                [
                    Self.article(
                        "Veltro Foods annual report", published: "2025-03-14",
                        body: "Veltro Foods said its revenue reached $4.2 billion last year.")
                ], into: client)
            // As an extractor before canonical periods left them: no columns, an older version.
            _ = try await client.query(
                """
                UPDATE factwire.facts SET period_kind = NULL, fiscal_year = NULL, fiscal_quarter = NULL,
                    fiscal_half = NULL, period_start = NULL, period_end = NULL, fiscal_assumed = NULL;
                """, logger: Self.logger)
            _ = try await client.query(
                "UPDATE factwire.articles SET extractor_version = '2026.11.1'", logger: Self.logger)
            #expect(try await Self.figures(client, company: "Veltro Foods", metric: "revenue").isEmpty)
            let queued = try await DocumentStore(client: client, logger: Self.logger).requeue(
                all: false, failed: false, currentVersion: IngestHandler.extractorVersion, queue: IngestHandler.queue,
                kind: IngestHandler.kind)
            #expect(queued == 1)
            try await IngestTests.ingestAll(client)
            #expect(
                try await Self.figures(client, company: "Veltro Foods", metric: "revenue") == [
                    Figure(
                        kind: "year", year: 2024, part: nil, start: "2024-01-01", end: "2024-12-31", value: 4.2e9,
                        sources: 1, conflicting: false)
                ])
        }
    }
}
