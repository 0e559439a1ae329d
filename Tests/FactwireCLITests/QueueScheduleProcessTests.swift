import EmbeddedPostgres
import FactwireQueue
import FactwireStore
import FactwireTesting
import Foundation
import PostgresNIO
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Periodic jobs and global limits across real worker processes sharing one event log.
@Suite("Periodic jobs and limits across worker processes", .serialized, .timeLimit(.minutes(3)))
struct QueueScheduleProcessTests {
    static let logger = TestPostgres.logger

    /// Runs `count` `queue work` processes with `arguments` on a fresh database while `body` runs, then stops
    /// them with SIGTERM and returns their shared event log.
    static func withWorkers(
        _ name: String, count: Int, _ arguments: [String],
        _ body: @Sendable (JobQueue, PostgresClient, [String: String], () async throws -> Void) async throws -> Void
    ) async throws -> [QueueProcessTests.Event] {
        let database = try await TestPostgres.makeDatabase(name)
        let folder = NSTemporaryDirectory() + "fw-\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let events = "\(folder)/events.ndjson"
        return try await TestPostgres.withClient(database) { client in
            try await Migrator(logger: Self.logger).migrate(client: client)
            let queue = JobQueue(client: client, logger: Self.logger)
            let environment = ["DATABASE_URL": FactwireBinary.url(database)]
            var workers: [RunningProcess] = []
            let start = {
                workers = try (0..<count).map { i in
                    try FactwireBinary.start(
                        ["queue", "work", "--events-file", events] + arguments, outputPath: "\(folder)/w\(i).log",
                        environment: environment)
                }
            }
            try await body(queue, client, environment, start)
            for worker in workers { worker.send(SIGTERM) }
            var codes: [Int32] = []
            for worker in workers { codes.append(await worker.exited()) }
            #expect(codes == Array(repeating: 0, count: count), "\(workers.map(\.output))")
            return QueueProcessTests.events(events)
        }
    }

    @Test("two processes with --every factwire.noop=1 for 6 s run one job per tick: at least 4 of 6 ticks, none twice")
    func periodicAcrossProcesses() async throws {
        // The ticks come from the jobs' own meta, not from when they started: under load two runs can start in the
        // same second although they belong to consecutive ticks.
        let ticks = Mutex<[Double]>([])
        let events = try await Self.withWorkers("proc_every", count: 2, ["--every", "factwire.noop=1"]) {
            _, client, _, start in
            try await start()
            try await QueueProcessTests.waitUntil("the first periodic run") {
                try await QueueProcessTests.count(client, "SELECT count(*)::int8 FROM factwire.job_history") >= 1
            }
            try await Task.sleep(for: .seconds(6))
            let rows = try await client.query(
                """
                SELECT extract(epoch FROM (meta->>'tick')::timestamptz)::float8 FROM (
                    SELECT meta FROM factwire.job_history UNION ALL SELECT meta FROM factwire.jobs
                ) j WHERE meta ? 'periodic'
                """, logger: Self.logger)
            var seen: [Double] = []
            for try await tick in rows.decode(Double.self) { seen.append(tick) }
            ticks.withLock { $0 = seen }
        }
        let all = ticks.withLock { $0 }.sorted()
        #expect(Set(all).count == all.count, "a tick enqueued twice: \(all)")
        // Six seconds from the first tick hold six ticks; a leader more than a tick late under load skips one.
        let first = all.first ?? 0
        let window = Set(all.filter { $0 < first + 6 })
        #expect((4...6).contains(window.count), "\(window.count) ticks run in 6 s: \(all)")
        let started = events.filter { $0.event == "started" }
        #expect(Set(started.compactMap(\.id)).count == started.count, "a job started twice")
    }

    @Test("queue limit factwire.sleep 3: two processes of 16 slots never run more than 3 of 24 jobs at once")
    func limitAcrossProcesses() async throws {
        // The limit is the database's promise: no snapshot holds more than 3 of these jobs running. The event log
        // cannot measure it: a worker writes "finished" after its completion has committed and freed the slot, so
        // under load another process's next "started" can be written first, and the log shows an overlap that
        // never was. So the running jobs are counted in the database, every poll while the jobs run (each one runs
        // 500 ms, five polls).
        let most = Mutex(0)
        let events = try await Self.withWorkers("proc_limit", count: 2, ["--queue", "default=16"]) {
            queue, client, environment, start in
            let limit = try await FactwireBinary.execute(
                ["queue", "limit", "factwire.sleep", "3"], environment: environment)
            #expect(limit.exitCode == 0, "\(limit.output)")
            try await start()
            try await queue.enqueue(
                Array(repeating: NewJob(kind: "factwire.sleep", argumentsJSON: #"{"ms":500}"#), count: 24))
            try await QueueProcessTests.waitUntil("24 jobs finish") {
                let running = try await QueueProcessTests.count(
                    client,
                    "SELECT count(*)::int8 FROM factwire.jobs WHERE kind = 'factwire.sleep' AND state = 'running'")
                most.withLock { $0 = max($0, Int(running)) }
                return try await QueueProcessTests.count(client, "SELECT count(*)::int8 FROM factwire.job_history")
                    >= 24
            }
        }
        let seen = most.withLock { $0 }
        #expect(seen == 3, "at most \(seen) running at once")
        #expect(events.filter { $0.event == "finished" && $0.status == "completed" }.count == 24)
        // Each job started once: nothing ran twice to get there.
        let started = events.filter { $0.event == "started" }
        #expect(started.count == 24 && Set(started.compactMap(\.id)).count == 24, "\(started.count) starts of 24 jobs")
    }
}
