import FactwireExtract
import FactwireIngest
import FactwireQueue
import FactwireQueueTesting
import FactwireStore
import FactwireTesting
import Foundation
import PostgresNIO
import Testing

/// The ingest job against a real PostgreSQL, with in-process workers.
@Suite("Ingest job", .serialized, .timeLimit(.minutes(3)))
struct IngestTests {
    static let logger = TestPostgres.logger

    static func count(_ client: PostgresClient, _ query: PostgresQuery) async throws -> Int64 {
        for try await n in try await client.query(query, logger: logger).decode(Int64.self) { return n }
        return 0
    }

    /// Runs an ingest worker until the ingest queue has nothing left to run (the queue's test kit).
    @discardableResult
    static func ingestAll(_ client: PostgresClient, within limit: Duration = .seconds(60)) async throws
        -> QueueTesting.DrainReport
    {
        var registry = JobRegistry()
        registry.register(IngestHandler(client: client))
        return try await QueueTesting.drain(
            client: client, registry: registry, queues: [IngestHandler.queue], within: limit, logger: logger)
    }

    @Test(
        "a huge document is extracted off the cooperative pool and stopped at its deadline; a small one beside it completes"
    )
    func hugeDocumentStopsAtDeadline() async throws {
        let database = try await TestPostgres.makeDatabase("ingest_deadline")
        try await TestPostgres.withClient(database) { client throws in
            try await Migrator(logger: Self.logger).migrate(client: client)
            // One line of 8 MB where every clause is a figure: seconds of extraction even in a release build.
            var huge = ""
            var i = 0
            while huge.utf8.count < 8_000_000 {
                huge += "Acme Inc revenue was $\(i % 97 + 1).\(i % 10) billion, "
                i += 1
            }
            let submitter = DocumentSubmitter(client: client, logger: Self.logger)
            let big = try await submitter.submit([
                .init(content: Array(huge.utf8), mediaType: "text/plain", sourceURL: nil)
            ])
            guard case .queued(let bigDocument, let bigJob) = try #require(big.first) else {
                Issue.record("not queued")
                return
            }
            var registry = JobRegistry()
            registry.register(IngestHandler(client: client))
            var configuration = JobWorker.Configuration(queues: [IngestHandler.queue: 2])
            configuration.deadline = .seconds(1)
            configuration.abandonGrace = .seconds(1)
            configuration.drainTimeout = .seconds(2)
            let worker = JobWorker(
                client: client, registry: registry, configuration: configuration, logger: Self.logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await worker.run() }
                defer { group.cancelAll() }
                // The small document, submitted once the huge one is being read, is ingested.
                try await Poll.until("the huge document's job runs", limit: .seconds(120)) {
                    try await Self.count(
                        client, "SELECT count(*)::int8 FROM factwire.jobs WHERE id = \(bigJob) AND state = 'running'")
                        == 1
                }
                let small = try await submitter.submit([
                    .init(content: Array(ArticleFixtures.article(1).utf8), mediaType: "text/plain", sourceURL: nil)
                ])
                guard case .queued(let smallDocument, _) = try #require(small.first) else {
                    Issue.record("not queued")
                    return
                }
                try await Poll.until("the small document is ingested beside the huge one", limit: .seconds(120)) {
                    try await Self.count(
                        client,
                        "SELECT count(*)::int8 FROM factwire.documents WHERE id = \(smallDocument) AND state = 'ingested'"
                    ) == 1
                }
                try await Poll.until("the huge document's job fails at its deadline", limit: .seconds(120)) {
                    try await Self.count(
                        client,
                        "SELECT count(*)::int8 FROM factwire.jobs WHERE id = \(bigJob) AND errors::text LIKE '%deadline%'"
                    ) == 1
                }
                // Stopped at the deadline plus the grace (2 s), not after the whole extraction (over a minute in a
                // debug build): measured on the database's clock, from the claim to the recorded failure, so slow
                // polling here cannot count. The bound leaves room for a loaded machine (one CI run took 17.5 s).
                let rows = try await client.query(
                    "SELECT extract(epoch FROM (errors->-1->>'at')::timestamptz - attempted_at)::float8 FROM factwire.jobs WHERE id = \(bigJob)",
                    logger: Self.logger
                )
                for try await seconds in rows.decode(Double.self) {
                    #expect(seconds < 45, "failed \(seconds) s after its claim")
                }
                #expect(
                    try await Self.count(
                        client, "SELECT count(*)::int8 FROM factwire.articles WHERE document_id = \(bigDocument)") == 0)
            }
        }
    }

    struct StoredFact: Hashable {
        var company: String?
        var metric: String
        var value: Double
        var unit: String
    }

    static func storedFacts(_ client: PostgresClient, document: Int64) async throws -> [StoredFact] {
        let rows = try await client.query(
            """
            SELECT c.name, CASE WHEN f.metric = 'growth' THEN 'growth:' || f.growth_of ELSE f.metric END, f.value::float8, f.unit
            FROM factwire.facts f JOIN factwire.articles a ON a.id = f.article_id LEFT JOIN factwire.companies c ON c.id = f.company_id
            WHERE a.document_id = \(document) ORDER BY f.id
            """,
            logger: logger
        )
        var out: [StoredFact] = []
        for try await (company, metric, value, unit) in rows.decode((String?, String, Double, String).self) {
            out.append(StoredFact(company: company, metric: metric, value: value, unit: unit))
        }
        return out
    }

    @Test("documents become articles and facts: exactly the facts the extractor gives, with companies and views filled")
    func factsMatchExtractor() async throws {
        let database = try await TestPostgres.makeDatabase("ingest_match")
        try await TestPostgres.withClient(database) { client throws in
            try await Migrator(logger: Self.logger).migrate(client: client)
            let texts = (0..<12).map(ArticleFixtures.article)
            let results = try await DocumentSubmitter(client: client, logger: Self.logger)
                .submit(
                    texts.map {
                        .init(
                            content: Array($0.utf8), mediaType: "text/plain",
                            sourceURL: "https://example.com/\($0.count)")
                    })
            try await Self.ingestAll(client)
            for (text, result) in zip(texts, results) {
                guard case .queued(let document, _) = result else {
                    Issue.record("not queued: \(result)")
                    continue
                }
                let expected = try #require(try Extraction.extract(Array(text.utf8), mediaType: .plainText).first).facts
                    .map {
                        StoredFact(
                            company: $0.company,
                            metric: $0.metric == .growth ? "growth:\($0.growthOf ?? "")" : $0.metric.rawValue,
                            value: $0.value, unit: $0.unit)
                    }
                #expect(!expected.isEmpty)
                #expect(try await Self.storedFacts(client, document: document) == expected)
            }
            #expect(try await Self.count(client, "SELECT count(*)::int8 FROM factwire.articles") == 12)
            #expect(try await Self.count(client, "SELECT count(*)::int8 FROM factwire.companies") == 10)
            #expect(
                try await Self.count(client, "SELECT count(*)::int8 FROM factwire.article_facts")
                    == Self.count(client, "SELECT count(*)::int8 FROM factwire.facts"))
            #expect(
                try await Self.count(
                    client,
                    "SELECT count(*)::int8 FROM factwire.company_figures WHERE company = 'Larkspur Networks' AND metric = 'revenue'"
                ) == 1)
            #expect(
                try await Self.count(client, "SELECT documents FROM factwire.ingest_status WHERE state = 'ingested'")
                    == 12)
            #expect(
                try await Self.count(
                    client,
                    "SELECT count(*)::int8 FROM factwire.articles WHERE search @@ websearch_to_tsquery('english', 'carriers Europe')"
                ) == 12)
        }
    }

    @Test("the same bytes submitted twice, and a job delivered again, create nothing new")
    func idempotent() async throws {
        let database = try await TestPostgres.makeDatabase("ingest_once")
        try await TestPostgres.withClient(database) { client throws in
            try await Migrator(logger: Self.logger).migrate(client: client)
            let submitter = DocumentSubmitter(client: client, logger: Self.logger)
            let text = Array(ArticleFixtures.article(1).utf8)
            let first = try await submitter.submit([
                .init(content: text, mediaType: "text/plain"), .init(content: text, mediaType: "text/plain")
            ])
            guard case .queued(let document, _) = first[0] else {
                Issue.record("first not queued")
                return
            }
            #expect(first[1] == .duplicate(document: document))
            try await Self.ingestAll(client)
            let facts = try await Self.count(client, "SELECT count(*)::int8 FROM factwire.facts")
            #expect(facts > 0)
            // Submitted again later: a duplicate, nothing queued.
            #expect(
                try await submitter.submit([.init(content: text, mediaType: "text/plain")]) == [
                    .duplicate(document: document)
                ])
            // The job delivered again (as after a lost acknowledgement): the article is rewritten, not duplicated.
            let queue = JobQueue(client: client, logger: Self.logger)
            _ = try await queue.enqueue(
                NewJob(
                    queue: IngestHandler.queue, kind: IngestHandler.kind,
                    arguments: IngestHandler.Arguments(documentID: document)))
            _ = try await client.query("UPDATE factwire.documents SET state = 'queued'", logger: Self.logger)
            try await Self.ingestAll(client)
            #expect(try await Self.count(client, "SELECT count(*)::int8 FROM factwire.documents") == 1)
            #expect(try await Self.count(client, "SELECT count(*)::int8 FROM factwire.articles") == 1)
            #expect(try await Self.count(client, "SELECT count(*)::int8 FROM factwire.facts") == facts)
            #expect(
                try await Self.count(
                    client, "SELECT count(*)::int8 FROM factwire.job_history WHERE final_state = 'completed'") == 2)
        }
    }

    @Test(
        "identical bytes submitted concurrently: one document stored byte for byte, queued once, the others duplicates")
    func concurrentDuplicates() async throws {
        let database = try await TestPostgres.makeDatabase("ingest_race")
        try await TestPostgres.withClient(database) { client throws in
            try await Migrator(logger: Self.logger).migrate(client: client)
            let submitter = DocumentSubmitter(client: client, logger: Self.logger)
            // Not valid UTF-8 on purpose: documents are bytes until the extractor decodes them.
            let bytes: [UInt8] = Array("Caf".utf8) + [0xE9, 0x00, 0xFF] + Array(" '; DROP TABLE x; --".utf8)
            let results = try await withThrowingTaskGroup(of: [DocumentSubmitter.Result].self) { group in
                for _ in 0..<10 {
                    group.addTask { try await submitter.submit([.init(content: bytes, mediaType: "text/plain")]) }
                }
                var all: [DocumentSubmitter.Result] = []
                for try await result in group { all += result }
                return all
            }
            #expect(results.filter { if case .queued = $0 { true } else { false } }.count == 1, "\(results)")
            #expect(
                Set(
                    results.map { result -> Int64 in
                        switch result {
                        case .queued(let document, _), .duplicate(let document): document
                        }
                    }
                ).count == 1)
            let rows = try await client.query("SELECT content FROM factwire.documents", logger: Self.logger)
            var stored: [Data] = []
            for try await content in rows.decode(Data.self) { stored.append(content) }
            #expect(stored == [Data(bytes)])
            #expect(try await Self.count(client, "SELECT count(*)::int8 FROM factwire.jobs") == 1)
        }
    }

    @Test("bad documents are refused with a reason kept on the document; the good ones are unaffected")
    func badDocuments() async throws {
        let database = try await TestPostgres.makeDatabase("ingest_bad")
        try await TestPostgres.withClient(database) { client throws in
            try await Migrator(logger: Self.logger).migrate(client: client)
            let good = Array(ArticleFixtures.article(2).utf8)
            var latin1 = Array(ArticleFixtures.article(3).utf8)
            latin1 += [0x20, 0xE9, 0x74, 0xE9]  // "été" in Latin-1: invalid UTF-8, read as Windows-1252
            let huge = Array(repeating: UInt8(ascii: "a"), count: 11 * 1024 * 1024)
            let submissions: [DocumentSubmitter.Submission] = [
                .init(content: good, mediaType: "text/plain"),
                .init(content: [0x00, 0x01, 0x02, 0xFF, 0x00], mediaType: "text/plain"),
                .init(content: Array("   \n\t  ".utf8), mediaType: "text/plain"),
                .init(content: Array(#"{"title": "no body here"}"#.utf8), mediaType: "application/json"),
                .init(content: Array("{not json".utf8), mediaType: "application/json"),
                .init(content: huge, mediaType: "text/plain"),
                .init(content: latin1, mediaType: "text/plain")
            ]
            let results = try await DocumentSubmitter(client: client, logger: Self.logger).submit(submissions)
            #expect(results.allSatisfy { if case .queued = $0 { true } else { false } })
            try await Self.ingestAll(client)
            let rows = try await client.query(
                "SELECT id, state, coalesce(last_error, '') FROM factwire.documents ORDER BY id", logger: Self.logger)
            var states: [(Int64, String, String)] = []
            for try await row in rows.decode((Int64, String, String).self) { states.append(row) }
            let byDocument = Dictionary(uniqueKeysWithValues: states.map { ($0.0, ($0.1, $0.2)) })
            let ids: [Int64] = results.map { result in
                if case .queued(let document, _) = result { return document }
                return 0
            }
            #expect(byDocument[ids[0]]?.0 == "ingested")
            #expect(byDocument[ids[1]]?.0 == "failed" && byDocument[ids[1]]?.1.contains("binary") == true)
            #expect(byDocument[ids[2]]?.0 == "failed" && byDocument[ids[2]]?.1.contains("empty") == true)
            #expect(byDocument[ids[3]]?.0 == "failed" && byDocument[ids[3]]?.1.contains("body") == true)
            #expect(byDocument[ids[4]]?.0 == "failed" && byDocument[ids[4]]?.1.contains("JSON") == true)
            #expect(byDocument[ids[5]]?.0 == "failed" && byDocument[ids[5]]?.1.contains("limit") == true)
            #expect(byDocument[ids[6]]?.0 == "ingested")
            #expect(
                try await Self.count(
                    client, "SELECT count(*)::int8 FROM factwire.dead_jobs WHERE final_state = 'discarded'") == 5)
            #expect(try await Self.count(client, "SELECT count(*)::int8 FROM factwire.articles") == 2)
            #expect(
                try await Self.count(
                    client, "SELECT sum(documents)::int8 FROM factwire.ingest_status WHERE state = 'failed'") == 5)
        }
    }

    @Test(
        "the handler through the queue's test kit: a missing document is discarded, bad arguments refused, and a submit enqueues one keyed job"
    )
    func handlerThroughTheKit() async throws {
        let database = try await TestPostgres.makeDatabase("ingest_kit")
        try await TestPostgres.withClient(database) { client throws in
            try await Migrator(logger: Self.logger).migrate(client: client)
            let handler = IngestHandler(client: client)
            let missing = try await QueueTesting.run(handler, arguments: IngestHandler.Arguments(documentID: 424_242))
            guard case .discard(let reason) = missing else {
                Issue.record("a missing document gave \(missing)")
                return
            }
            #expect(reason.contains("424242"))
            await #expect(throws: FactwireQueueError.self) {
                try await QueueTesting.run(handler, argumentsJSON: #"{"document_id":"seven"}"#)
            }
            // What a submission enqueues, inside its transaction, rolled back after.
            let jobs = try await QueueTesting.enqueued(on: client, logger: Self.logger) { connection in
                try await connection.query(
                    "SELECT factwire.enqueue_document(\(ArticleFixtures.article(2)), 'text/plain', NULL)",
                    logger: Self.logger)
            }
            #expect(jobs.count == 1)
            let job = try #require(jobs.first)
            #expect(job.kind == IngestHandler.kind && job.queue == IngestHandler.queue && job.state == "available")
            let document = try job.arguments(as: IngestHandler.Arguments.self).documentID
            #expect(job.hasUniqueKey("document:\(document)"))
            #expect(!job.hasUniqueKey("document:\(document + 1)"))
            #expect(try await Self.count(client, "SELECT count(*)::int8 FROM factwire.documents") == 0)
            #expect(try await Self.count(client, "SELECT count(*)::int8 FROM factwire.jobs") == 0)
            // The same, committed, then drained: the report names the job as completed.
            let committed = try await QueueTesting.enqueued(on: client, commit: true, logger: Self.logger) {
                connection in
                try await connection.query(
                    "SELECT factwire.enqueue_document(\(ArticleFixtures.article(2)), 'text/plain', NULL)",
                    logger: Self.logger)
            }
            let report = try await Self.ingestAll(client)
            #expect(report.ids(.completed) == committed.map(\.id))
            #expect(try await Self.count(client, "SELECT count(*)::int8 FROM factwire.articles") == 1)
        }
    }

    @Test("factwire.enqueue_document from plain SQL: stored once, queued, ingested; bad arguments are refused")
    func enqueueFromSQL() async throws {
        let database = try await TestPostgres.makeDatabase("ingest_sql")
        try await TestPostgres.withClient(database) { client throws in
            try await Migrator(logger: Self.logger).migrate(client: client)
            let text = ArticleFixtures.article(4)
            let job = try await Self.count(
                client, "SELECT factwire.enqueue_document(\(text), 'text/plain', 'https://example.com/sql')")
            #expect(job > 0)
            #expect(
                try await Self.count(
                    client, "SELECT count(*)::int8 FROM factwire.queue_depth WHERE queue = 'ingest' AND available = 1")
                    == 1)
            try await Self.ingestAll(client)
            #expect(
                try await Self.count(
                    client, "SELECT count(*)::int8 FROM factwire.articles WHERE url = 'https://example.com/sql'") == 1)
            _ = try await Self.count(client, "SELECT factwire.enqueue_document(\(text), 'text/plain', NULL)")
            #expect(try await Self.count(client, "SELECT count(*)::int8 FROM factwire.documents") == 1)
            await #expect(throws: PSQLError.self) {
                _ = try await Self.count(client, "SELECT factwire.enqueue_document('x', 'image/png', NULL)")
            }
            await #expect(throws: PSQLError.self) {
                _ = try await Self.count(client, "SELECT factwire.enqueue_document('  ', 'text/plain', NULL)")
            }
        }
    }

    @Test(
        "a document the database refuses (SQLSTATE class 23) fails at once with the server's reason and is not retried")
    func databaseRefusalIsPermanent() async throws {
        let database = try await TestPostgres.makeDatabase("ingest_refused")
        try await TestPostgres.withClient(database) { client throws in
            try await Migrator(logger: Self.logger).migrate(client: client)
            // A constraint every new article violates: the store fails as it would on data it cannot take.
            _ = try await client.query(
                "ALTER TABLE factwire.articles ADD CONSTRAINT refuse_all CHECK (false) NOT VALID", logger: Self.logger)
            let results = try await DocumentSubmitter(client: client, logger: Self.logger)
                .submit([.init(content: Array(ArticleFixtures.article(2).utf8), mediaType: "text/plain")])
            guard case .queued(let document, _) = try #require(results.first) else {
                Issue.record("not queued: \(results)")
                return
            }
            try await Self.ingestAll(client)
            let rows = try await client.query(
                "SELECT state, coalesce(last_error, '') FROM factwire.documents WHERE id = \(document)",
                logger: Self.logger)
            for try await (state, error) in rows.decode((String, String).self) {
                #expect(state == "failed")
                #expect(error.contains("refuse_all") && error.contains("SQLSTATE 23514"), "\(error)")
            }
            #expect(
                try await Self.count(
                    client,
                    "SELECT count(*)::int8 FROM factwire.dead_jobs WHERE final_state = 'discarded' AND attempt = 1")
                    == 1)
            #expect(try await Self.count(client, "SELECT count(*)::int8 FROM factwire.jobs") == 0)
        }
    }
}
