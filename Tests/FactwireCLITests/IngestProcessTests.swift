import FactwireIngest
import FactwireQueue
import FactwireStore
import FactwireTesting
import Foundation
import PostgresNIO
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Ingest workers as real processes: the way users scale them.
@Suite("Ingest across worker processes", .serialized, .timeLimit(.minutes(5)))
struct IngestProcessTests {
    static let logger = TestPostgres.logger

    static func submit(_ range: Range<Int>, client: PostgresClient) async throws {
        let submitter = DocumentSubmitter(client: client, logger: logger)
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(start + 500, range.upperBound)
            _ = try await submitter.submit(
                (start..<end).map { .init(content: Array(ArticleFixtures.article($0).utf8), mediaType: "text/plain") })
            start = end
        }
    }

    @Test(
        "3 ingest-worker processes on 2,000 documents: each ingested exactly once, same facts as the extractor, work spread over all three"
    )
    func threeProcesses() async throws {
        let database = try await TestPostgres.makeDatabase("ingest_three")
        let folder = NSTemporaryDirectory() + "fw-ingest3-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await TestPostgres.withClient(database) { client throws in
            try await Migrator(logger: Self.logger).migrate(client: client)
            try await Self.submit(0..<2_000, client: client)
            let environment = ["DATABASE_URL": FactwireBinary.url(database)]
            let workers = try (0..<3).map { i in
                try FactwireBinary.start(
                    ["ingest-worker", "--concurrency", "4", "--events-file", "\(folder)/w\(i).ndjson"],
                    outputPath: "\(folder)/w\(i).log", environment: environment
                )
            }
            try await QueueProcessTests.waitUntil("2,000 documents are ingested") {
                try await QueueProcessTests.count(
                    client, "SELECT count(*)::int8 FROM factwire.documents WHERE state = 'ingested'") >= 2_000
            }
            for worker in workers { worker.send(SIGTERM) }
            var codes: [Int32] = []
            for worker in workers { codes.append(await worker.exited()) }
            #expect(codes == [0, 0, 0], "\(workers.map(\.output))")
            #expect(try await QueueProcessTests.count(client, "SELECT count(*)::int8 FROM factwire.articles") == 2_000)
            #expect(
                try await QueueProcessTests.count(client, "SELECT count(*)::int8 FROM factwire.facts")
                    == Int64(try await ArticleFixtures.expectedFactCount(0..<2_000)))
            // Exactly once: one completed attempt per job, nothing dead, nothing left.
            #expect(
                try await QueueProcessTests.count(
                    client,
                    "SELECT count(*)::int8 FROM factwire.job_history WHERE final_state = 'completed' AND attempt = 1")
                    == 2_000)
            #expect(try await QueueProcessTests.count(client, "SELECT count(*)::int8 FROM factwire.jobs") == 0)
            let finished = (0..<3).map { i in
                QueueProcessTests.events("\(folder)/w\(i).ndjson").filter { $0.event == "finished" }.count
            }
            #expect(finished.reduce(0, +) == 2_000)
            #expect(finished.allSatisfy { $0 > 100 }, "work per process: \(finished)")
            print("ingest: 2,000 documents over 3 processes: \(finished)")
        }
    }

    @Test("an ingest worker SIGKILLed in the middle of a batch: everything still ingested, once")
    func killedWorker() async throws {
        let database = try await TestPostgres.makeDatabase("ingest_kill")
        let folder = NSTemporaryDirectory() + "fw-ingestkill-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await TestPostgres.withClient(database) { client throws in
            try await Migrator(logger: Self.logger).migrate(client: client)
            try await Self.submit(0..<600, client: client)
            let environment = ["DATABASE_URL": FactwireBinary.url(database)]
            let timing = ["--lease-seconds", "2", "--rescue-seconds", "0.5", "--stage-seconds", "0.2"]
            let doomed = try FactwireBinary.start(
                ["ingest-worker", "--concurrency", "8", "--no-maintenance", "--events-file", "\(folder)/a.ndjson"]
                    + timing,
                outputPath: "\(folder)/a.log", environment: environment
            )
            try await QueueProcessTests.waitUntil("the first worker has finished some documents", limit: .seconds(60)) {
                QueueProcessTests.events("\(folder)/a.ndjson").filter { $0.event == "finished" }.count >= 20
            }
            doomed.send(SIGKILL)
            #expect(await doomed.exited() == 128 + SIGKILL)
            let done = try await QueueProcessTests.count(
                client, "SELECT count(*)::int8 FROM factwire.documents WHERE state = 'ingested'")
            #expect(done < 600, "the kill came too late to test anything")
            let survivor = try FactwireBinary.start(
                ["ingest-worker", "--concurrency", "8", "--events-file", "\(folder)/b.ndjson"] + timing,
                outputPath: "\(folder)/b.log", environment: environment
            )
            try await QueueProcessTests.waitUntil("all 600 documents are ingested") {
                try await QueueProcessTests.count(
                    client, "SELECT count(*)::int8 FROM factwire.documents WHERE state = 'ingested'") >= 600
            }
            survivor.send(SIGTERM)
            #expect(await survivor.exited() == 0)
            #expect(try await QueueProcessTests.count(client, "SELECT count(*)::int8 FROM factwire.articles") == 600)
            #expect(
                try await QueueProcessTests.count(client, "SELECT count(*)::int8 FROM factwire.facts")
                    == Int64(try await ArticleFixtures.expectedFactCount(0..<600)))
            #expect(
                try await QueueProcessTests.count(
                    client, "SELECT count(*)::int8 FROM factwire.job_history WHERE final_state = 'completed'") == 600)
        }
    }
}

@Suite("factwire ingest and facts commands", .serialized, .timeLimit(.minutes(3)))
struct IngestCLITests {
    @Test(
        "ingest a folder with --wait: summary, failures named, exit 1 when any failed; duplicates skipped; facts listed as CSV"
    )
    func ingestFolder() async throws {
        let database = try await TestPostgres.makeDatabase("cli_ingest")
        let env = ["DATABASE_URL": FactwireBinary.url(database)]
        let folder = NSTemporaryDirectory() + "fw-cli-ingest-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder + "/nested", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for i in 0..<5 {
            try ArticleFixtures.article(i).write(toFile: "\(folder)/a\(i).txt", atomically: true, encoding: .utf8)
        }
        let ndjson = (5..<8).map { i in
            let body = ArticleFixtures.article(i).replacingOccurrences(of: "\"", with: "'").replacingOccurrences(
                of: "\n", with: "\\n")
            return #"{"title": "Item \#(i)", "body": "\#(body)"}"#
        }.joined(separator: "\n")
        try ndjson.write(toFile: "\(folder)/nested/batch.ndjson", atomically: true, encoding: .utf8)
        #expect(
            FileManager.default.createFile(atPath: "\(folder)/nested/bad.txt", contents: Data([0x00, 0x9F, 0x00, 0x01]))
        )
        try "ignored".write(toFile: "\(folder)/notes.md", atomically: true, encoding: .utf8)

        let worker = try FactwireBinary.start(
            ["ingest-worker", "--concurrency", "4"], outputPath: "\(folder)/worker.log", environment: env)
        // Cleanup only (the clean stop is tested above): the blocking wait in a defer must not hang on one.
        defer {
            worker.send(SIGKILL)
            _ = worker.waitForExit()
        }
        let first = try await FactwireBinary.execute(["ingest", folder, "--wait", "--timeout", "60"], environment: env)
        #expect(first.exitCode == 1, "\(first.output)")
        #expect(first.output.contains("queued 9 document(s)"), "\(first.output)")
        #expect(first.output.contains("ingested 8 document(s): 8 article(s)"), "\(first.output)")
        #expect(first.output.contains("failed ×1") && first.output.contains("binary"), "\(first.output)")
        // Which file became which article, and which file failed.
        #expect(
            first.output.contains("failed: \(folder)/nested/bad.txt: ") || first.output.contains("failed: …"),
            "\(first.output)")
        #expect(
            first.output.split(separator: "\n").contains { $0.contains("a0.txt") && $0.contains("Larkspur Networks") },
            "\(first.output)")
        #expect(first.output.contains("batch.ndjson (document 2)"), "\(first.output)")

        let again = try await FactwireBinary.execute(
            ["ingest", "\(folder)/a0.txt", "\(folder)/a1.txt", "--wait"], environment: env)
        #expect(again.exitCode == 0, "\(again.output)")
        #expect(again.output.contains("queued 0 document(s); 2 already stored"), "\(again.output)")

        let csv = try await FactwireBinary.execute(
            ["facts", "--company", "larkspur networks", "--metric", "revenue", "--format", "csv"], environment: env)
        #expect(csv.exitCode == 0)
        let lines = csv.output.split(separator: "\n")
        #expect(
            lines.first
                == "id,company,metric,growth_of,metric_detail,value,unit,qualifier,period,status,derived,published,article_id,evidence"
        )
        #expect(lines.count > 1 && !lines[1].contains(".0,"), "money without .0: \(csv.output)")
        #expect(lines.count == 2, "\(csv.output)")
        #expect(try await FactwireBinary.execute(["facts", "--metric", "nonsense"], environment: env).exitCode == 2)
        // The table sizes its columns to their content: a 17-character company name is shown whole.
        let table = try await FactwireBinary.execute(
            ["facts", "--company", "pinecrest devices", "--format", "table"], environment: env)
        #expect(table.exitCode == 0 && table.output.contains("Pinecrest Devices  "), "\(table.output)")
        let none = try await FactwireBinary.execute(
            ["facts", "--company", "no such company", "--format", "table"], environment: env)
        #expect(none.exitCode == 0 && none.output.contains("(no facts)"), "\(none.output)")
        let missing = try await FactwireBinary.execute(["ingest", "\(folder)/missing.txt"], environment: env)
        #expect(missing.exitCode == 2 && missing.output.contains("Usage: factwire ingest"), "\(missing.output)")
    }

    @Test(
        "ingest --wait with no worker running says so at once, and --timeout ends the wait with exit 1 and what is still queued"
    )
    func waitWithoutWorker() async throws {
        let database = try await TestPostgres.makeDatabase("cli_noworker")
        let env = ["DATABASE_URL": FactwireBinary.url(database)]
        let folder = NSTemporaryDirectory() + "fw-cli-noworker-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try ArticleFixtures.article(1).write(toFile: "\(folder)/a.txt", atomically: true, encoding: .utf8)
        let started = ContinuousClock.now
        let run = try await FactwireBinary.execute(
            ["ingest", "\(folder)/a.txt", "--wait", "--timeout", "3s"], environment: env)
        #expect(run.exitCode == 1, "\(run.output)")
        #expect(
            run.output.contains("no ingest worker is listening") && run.output.contains("factwire ingest-worker"),
            "\(run.output)")
        #expect(run.output.contains("still pending 1 (timed out)"), "\(run.output)")
        #expect(started.duration(to: .now) < .seconds(60))
        #expect(
            try await FactwireBinary.execute(
                ["ingest", "\(folder)/a.txt", "--wait", "--timeout", "soon"], environment: env
            ).exitCode == 2)
    }

    @Test(
        "ingest with PostgreSQL unreachable exits 3 with the reason on one readable line (the full dump only with LOG_LEVEL=debug)"
    )
    func unreachable() async throws {
        let folder = NSTemporaryDirectory() + "fw-cli-down-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try ArticleFixtures.article(1).write(toFile: "\(folder)/a.txt", atomically: true, encoding: .utf8)
        let result = try await FactwireBinary.execute(
            ["ingest", "\(folder)/a.txt"],
            environment: ["DATABASE_URL": "postgres://nobody@127.0.0.1:1/none?sslmode=disable"])
        #expect(result.exitCode == 3, "\(result.output)")
        let lines = result.output.split(separator: "\n").filter { $0.hasPrefix("factwire:") }
        #expect(
            lines.count == 1 && lines[0].contains("cannot connect") && lines[0].contains("Connection refused"),
            "\(result.output)")
        #expect(!result.output.contains("PSQLError("), "\(result.output)")
        let debug = try await FactwireBinary.execute(
            ["ingest", "\(folder)/a.txt"],
            environment: ["DATABASE_URL": "postgres://nobody@127.0.0.1:1/none?sslmode=disable", "LOG_LEVEL": "debug"])
        #expect(debug.exitCode == 3 && debug.output.contains("factwire: debug:"), "\(debug.output)")
    }
}
