import FactwireStore
import FactwireTesting
import Foundation
import PostgresNIO
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// An ingest worker killed (SIGKILL, no cleanup) at each dangerous moment of a job: the documents it held
/// are rescued after their lease and ingested by the surviving worker, each exactly once.
@Suite("Faults: worker crashes at each point of a job", .serialized, .timeLimit(.minutes(5)))
struct CrashPointTests {
    static let logger = TestPostgres.logger
    static let documents = 300
    static let lease = 2.0
    static let rescue = 0.5

    @Test(
        "SIGKILL right after a claim, inside the handler, and between the handler's writes and the completion",
        arguments: [
            ("claimed", 3), ("handling", 12), ("stored", 12)
        ])
    func crashAt(point: String, hit: Int) async throws {
        let database = try await TestPostgres.makeDatabase("crash_\(point)")
        let folder = NSTemporaryDirectory() + "fw-crash-\(point)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await TestPostgres.withClient(database) { client throws in
            try await Migrator(logger: Self.logger).migrate(client: client)
            try await IngestProcessTests.submit(0..<Self.documents, client: client)
            let timing = [
                "--lease-seconds", "\(Self.lease)", "--rescue-seconds", "\(Self.rescue)", "--stage-seconds", "0.2"
            ]
            let environment = ["DATABASE_URL": FactwireBinary.url(database)]
            // The survivor runs from the start and leads maintenance; the doomed worker only works.
            let survivor = try FactwireBinary.start(
                ["ingest-worker", "--concurrency", "4", "--events-file", "\(folder)/survivor.ndjson"] + timing,
                outputPath: "\(folder)/survivor.log", environment: environment
            )
            defer {
                survivor.send(SIGKILL)
                _ = survivor.waitForExit()
            }
            let doomed = try FactwireBinary.start(
                ["ingest-worker", "--concurrency", "4", "--no-maintenance", "--events-file", "\(folder)/doomed.ndjson"]
                    + timing,
                outputPath: "\(folder)/doomed.log",
                environment: environment.merging(["FACTWIRE_CRASH_POINT": "\(point):\(hit)"]) { $1 }
            )
            #expect(await doomed.exited() == 128 + SIGKILL, "\(doomed.output)")
            let killedAt = Date()
            #expect(doomed.output.contains("crash point '\(point)' reached"))
            let held = Set(QueueProcessTests.events("\(folder)/doomed.ndjson").flatMap { $0.ids ?? [] })
                .subtracting(
                    QueueProcessTests.events("\(folder)/doomed.ndjson").compactMap {
                        $0.event == "finished" ? $0.id : nil
                    })
            #expect(!held.isEmpty, "the doomed worker held no job when it died")

            try await QueueProcessTests.waitUntil("all \(Self.documents) documents are ingested", limit: .seconds(90)) {
                try await QueueProcessTests.count(
                    client, "SELECT count(*)::int8 FROM factwire.documents WHERE state = 'ingested'") >= Self.documents
            }
            survivor.send(SIGTERM)
            #expect(await survivor.exited() == 0)

            // Exactly once: the same articles and facts as a clean run, one completion per job, nothing left.
            #expect(
                try await QueueProcessTests.count(client, "SELECT count(*)::int8 FROM factwire.articles")
                    == Int64(Self.documents))
            #expect(
                try await QueueProcessTests.count(client, "SELECT count(*)::int8 FROM factwire.facts")
                    == Int64(try await ArticleFixtures.expectedFactCount(0..<Self.documents)))
            #expect(
                try await QueueProcessTests.count(
                    client, "SELECT count(*)::int8 FROM factwire.job_history WHERE final_state = 'completed'")
                    == Int64(Self.documents))
            #expect(
                try await QueueProcessTests.count(client, "SELECT count(DISTINCT id)::int8 FROM factwire.job_history")
                    == Int64(Self.documents))
            #expect(
                try await QueueProcessTests.count(
                    client, "SELECT (SELECT count(*) FROM factwire.jobs) + (SELECT count(*) FROM factwire.dead_jobs)")
                    == 0)

            // Every job the dead worker held either had committed before it died (its "finished" event was
            // never written) or ran again, at attempt 2, within lease + rescuer interval of the kill.
            let rows = try await client.query(
                """
                SELECT id, attempt, extract(epoch FROM attempted_at)::float8, extract(epoch FROM finalized_at)::float8
                FROM factwire.job_history WHERE id = ANY(\(Array(held))) AND final_state = 'completed'
                """,
                logger: Self.logger
            )
            var delays: [Double] = []
            var finishedBeforeDeath = 0
            for try await (id, attempt, attemptedAt, finalizedAt) in rows.decode((Int64, Int32, Double, Double).self) {
                if attempt == 1 {
                    #expect(
                        finalizedAt <= killedAt.timeIntervalSince1970 + 0.5,
                        "job \(id) completed at attempt 1 after the kill")
                    finishedBeforeDeath += 1
                } else {
                    #expect(attempt == 2, "job \(id) took \(attempt) attempts")
                    delays.append(attemptedAt - killedAt.timeIntervalSince1970)
                }
            }
            #expect(!delays.isEmpty, "no job was rescued")
            #expect(delays.count + finishedBeforeDeath == held.count)
            let worst = delays.max() ?? 0
            // The lease runs from the claim (before the kill), so lease + rescuer interval bounds the wait from
            // the kill too. Asserted loosely (timing on a loaded machine varies; the figure is printed): what
            // matters is that the rescuer, not the 15-minute deadline, brought the jobs back. A job rescued early
            // ("claimed" at the third claim) waits behind most of the 300 documents for the survivor's four slots,
            // so its delay also follows extraction speed: about 2 s alone, 12 to 43 s with the whole suite
            // running beside it in a debug build. The bound is far below the deadline it rules out.
            #expect(worst <= Self.lease + Self.rescue + 180, "rescue delays: \(delays)")
            print(
                "crash at \(point): \(delays.count) held jobs rescued, worst \(String(format: "%.2f", worst)) s after SIGKILL (lease \(Self.lease) s + rescuer \(Self.rescue) s)"
            )
        }
    }
}
