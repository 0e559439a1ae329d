import EmbeddedPostgres
import FactwireQueue
import FactwireStore
import FactwireTesting
import Foundation
import PostgresNIO
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The PgBouncer drill: 20 worker processes through Debian's `pgbouncer` in transaction mode
/// (`default_pool_size = 10`) against a server with `max_connections = 40` drain 50,000 jobs, each done once;
/// their one LISTEN session each goes straight to the server (`DATABASE_LISTEN_URL`). Then the same drain
/// with direct connections (the server restarted with room for them), for the rate to compare.
/// Slow: FACTWIRE_SLOW_TESTS=1, run on its own by `.ci/run`.
@Suite(
    "Past one server: PgBouncer in transaction mode", .serialized, .timeLimit(.minutes(8)),
    .enabled(
        if: ProcessInfo.processInfo.environment["FACTWIRE_SLOW_TESTS"] == "1" && PgBouncer.installed,
        "slow, and needs Debian's pgbouncer: set FACTWIRE_SLOW_TESTS=1"))
struct PgBouncerTests {
    static let logger = TestPostgres.logger
    static let jobs = 50_000
    static let processes = 20

    @Test("20 workers through PgBouncer (pool 10, max_connections 40) drain 50,000 jobs, each once; then direct")
    func drill() async throws {
        let pool = try await PooledCluster.start("bouncer", serverSettings: ["max_connections": "40"], poolSize: 10)
        defer { pool.stop() }
        let (folder, database, endpoint, bouncer) = (pool.folder, pool.database, pool.endpoint, pool.bouncer)

        let pooled = try await TestPostgres.withClient(database) { client throws in
            try await Migrator(logger: Self.logger).migrate(client: client)
            return try await Self.drain(
                client: client, folder: "\(folder)/pooled",
                environment: ["DATABASE_URL": bouncer.url(for: database), "DATABASE_LISTEN_URL": endpoint.url],
                listening: true)
        }
        try pool.cluster.stopBlocking()

        // The same drain with direct connections: 20 pools of 7 need a server with room for them.
        let roomy = try await pool.restarted(serverSettings: ["max_connections": "200"])
        defer { try? roomy.stopBlocking() }
        let straight = try await TestPostgres.withClient(database) { client throws in
            try await Self.drain(
                client: client, folder: "\(folder)/direct", environment: ["DATABASE_URL": endpoint.url])
        }
        print(
            "pgbouncer: \(Self.processes) workers drained \(Self.jobs) jobs at \(Int(pooled)) jobs/s through PgBouncer (transaction mode, pool 10, max_connections 40) and \(Int(straight)) jobs/s direct (\(String(format: "%.2f", pooled / straight))×)"
        )
    }

    @Test("a worker through PgBouncer without being told finds that named statements fail and stops using them")
    func detection() async throws {
        // Four server connections, and two clients: a statement prepared on one is missing on another.
        let pool = try await PooledCluster.start("bouncer-detect", poolSize: 4)
        defer { pool.stop() }
        let (folder, database, endpoint, bouncer) = (pool.folder, pool.database, pool.endpoint, pool.bouncer)
        var unflagged = try DatabaseConfiguration(url: bouncer.url(for: database))
        unflagged.pgbouncer = false
        let unflaggedURL = unflagged.url
        try await TestPostgres.withClient(database) { client throws in
            try await Migrator(logger: Self.logger).migrate(client: client)
            _ = try await Self.drain(
                client: client, folder: "\(folder)/unflagged",
                environment: ["DATABASE_URL": unflaggedURL, "DATABASE_LISTEN_URL": endpoint.url, "LOG_LEVEL": "info"],
                jobs: 5_000, processes: 2)
        }
        let logs = (0..<2).compactMap { try? String(contentsOfFile: "\(folder)/unflagged/w\($0).log", encoding: .utf8) }
        #expect(
            logs.contains { $0.contains("named prepared statements fail") },
            "no worker noticed the pooler: \(logs.map { $0.suffix(1500) })")
    }

    /// Enqueues the jobs, runs the worker processes until history holds them all, checks each ran once, and
    /// returns the rate (jobs/s from the first start to the last finish).
    static func drain(
        client: PostgresClient, folder: String, environment: [String: String], listening: Bool = false,
        jobs: Int = jobs, processes: Int = processes
    ) async throws -> Double {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = try await client.query("TRUNCATE factwire.job_history", logger: logger)
        let queue = JobQueue(client: client, logger: logger)
        for start in stride(from: 0, to: jobs, by: 10_000) {
            try await queue.enqueue(
                Array(repeating: NewJob(queue: "bounce", kind: "factwire.noop"), count: min(10_000, jobs - start)))
        }
        let workers = try (0..<processes).map { i in
            try FactwireBinary.start(
                ["queue", "work", "--queue", "bounce=16", "--events-file", "\(folder)/w\(i).ndjson"],
                outputPath: "\(folder)/w\(i).log", environment: environment)
        }
        defer {
            for worker in workers {
                worker.send(SIGKILL)
                _ = worker.waitForExit()
            }
        }
        try await Poll.until("\(jobs) jobs are in history", limit: .seconds(240)) {
            for worker in workers where kill(worker.pid, 0) != 0 {
                Issue.record("a worker exited: \(worker.output.suffix(2000))")
                return true
            }
            return try await QueueProcessTests.count(client, "SELECT count(*)::int8 FROM factwire.job_history")
                >= Int64(jobs)
        }
        for worker in workers { worker.send(SIGTERM) }
        var codes: [Int32] = []
        for worker in workers { codes.append(await worker.exited()) }
        #expect(codes.allSatisfy { $0 == 0 }, "\(workers.map { $0.output.suffix(800) })")
        #expect(
            try await QueueProcessTests.count(
                client, "SELECT count(DISTINCT id)::int8 FROM factwire.job_history WHERE final_state = 'completed'")
                == Int64(jobs))
        #expect(try await QueueProcessTests.count(client, "SELECT count(*)::int8 FROM factwire.jobs") == 0)
        // Each job started once, across all the processes' own event logs.
        var starts: [Int64: Int] = [:]
        var first = Double.infinity
        var last = 0.0
        for i in 0..<processes {
            for event in QueueProcessTests.events("\(folder)/w\(i).ndjson") {
                if event.event == "started", let id = event.id {
                    starts[id, default: 0] += 1
                    first = min(first, event.t)
                }
                if event.event == "finished" { last = max(last, event.t) }
            }
        }
        #expect(starts.count == jobs)
        if listening {
            // Each process's LISTEN session (on DATABASE_LISTEN_URL, straight to the server) came up.
            let listened = (0..<processes).filter { i in
                QueueProcessTests.events("\(folder)/w\(i).ndjson").contains { $0.event == "listening" }
            }
            #expect(listened.count == processes, "listening: \(listened)")
        }
        #expect(
            starts.values.allSatisfy { $0 == 1 }, "jobs started more than once: \(starts.filter { $0.value > 1 }.count)"
        )
        return Double(jobs) / max(last - first, 0.001)
    }
}
