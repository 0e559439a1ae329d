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

/// The queue across real worker processes: the property users scale on.
// (A hang guard, not a speed limit: the memory test runs 40,000 jobs, which took over three minutes on a slower machine.)
@Suite("Queue across worker processes", .serialized, .timeLimit(.minutes(10)))
struct QueueProcessTests {
    static let logger = TestPostgres.logger

    struct Event: Decodable {
        var event: String
        var id: Int64?
        var ids: [Int64]?
        var status: String?
        var leader: Bool?
        var t: Double
    }

    static func events(_ path: String) -> [Event] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Event.self, from: Data($0.utf8)) }
    }

    static func waitUntil(
        _ what: String, limit: Duration = .seconds(120), sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: () async throws -> Bool
    ) async throws {
        try await Poll.until(what, limit: limit, sourceLocation: sourceLocation, condition)
    }

    static func count(_ client: PostgresClient, _ query: PostgresQuery) async throws -> Int64 {
        for try await n in try await client.query(query, logger: logger).decode(Int64.self) { return n }
        return 0
    }

    #if os(Linux)
        @Test("a worker process does not grow with the jobs it has run: 40,000 more jobs add under 64 MB resident")
        func memoryStaysFlat() async throws {
            let database = try await TestPostgres.makeDatabase("proc_memory")
            let folder = NSTemporaryDirectory() + "fw-mem-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try await TestPostgres.withClient(database) { client throws in
                try await Migrator(logger: Self.logger).migrate(client: client)
                let queue = JobQueue(client: client, logger: Self.logger)
                let worker = try FactwireBinary.start(
                    ["queue", "work", "--queue", "mem=64"], outputPath: "\(folder)/w.log",
                    environment: ["DATABASE_URL": FactwireBinary.url(database)])
                var total: Int64 = 0
                func run(_ batches: Int) async throws {
                    for _ in 0..<batches {
                        try await queue.enqueue(
                            Array(repeating: NewJob(queue: "mem", kind: "factwire.noop"), count: 10_000))
                    }
                    total += Int64(batches * 10_000)
                    let expected = total
                    try await Self.waitUntil("\(expected) jobs are in history") {
                        try await Self.count(client, "SELECT count(*)::int8 FROM factwire.job_history") >= expected
                    }
                }
                // Warm up first: pools, prepared statements and allocator arenas reach their size.
                try await run(1)
                let warm = try Self.residentKilobytes(worker.pid)
                try await run(4)
                let after = try Self.residentKilobytes(worker.pid)
                worker.send(SIGTERM)
                #expect(await worker.exited() == 0, "\(worker.output)")
                // A finished job's task kept alive by the worker costs kilobytes: 40,000 of them, hundreds of MB.
                #expect(after - warm < 64 * 1024, "resident memory went from \(warm / 1024) MB to \(after / 1024) MB")
            }
        }

        /// The resident set of a process, in kB (`VmRSS` of /proc/PID/status).
        static func residentKilobytes(_ pid: pid_t) throws -> Int {
            let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
            let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
            let fields = line?.split(whereSeparator: { $0 == " " || $0 == "\t" }) ?? []
            return try #require(fields.count >= 2 ? Int(fields[1]) : nil, "no VmRSS in /proc/\(pid)/status")
        }
    #endif

    @Test("4 worker processes × 16 slots complete 20,000 jobs, each exactly once, never held by two at a time")
    func fourProcesses() async throws {
        let database = try await TestPostgres.makeDatabase("proc_four")
        let folder = NSTemporaryDirectory() + "fw-four-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await TestPostgres.withClient(database) { client throws in
            try await Migrator(logger: Self.logger).migrate(client: client)
            let queue = JobQueue(client: client, logger: Self.logger)
            for _ in 0..<2 {
                try await queue.enqueue(Array(repeating: NewJob(queue: "multi", kind: "factwire.noop"), count: 10_000))
            }
            let environment = ["DATABASE_URL": FactwireBinary.url(database)]
            let workers = try (0..<4).map { i in
                try FactwireBinary.start(
                    ["queue", "work", "--queue", "multi=16", "--events-file", "\(folder)/w\(i).ndjson"],
                    outputPath: "\(folder)/w\(i).log", environment: environment
                )
            }
            try await Self.waitUntil("20,000 jobs are in history") {
                try await Self.count(client, "SELECT count(*)::int8 FROM factwire.job_history") >= 20_000
            }
            for worker in workers { worker.send(SIGTERM) }
            var codes: [Int32] = []
            for worker in workers { codes.append(await worker.exited()) }
            #expect(codes == [0, 0, 0, 0], "\(workers.map(\.output))")

            #expect(
                try await Self.count(
                    client,
                    "SELECT count(DISTINCT id)::int8 FROM factwire.job_history WHERE final_state = 'completed' AND attempt = 1"
                ) == 20_000)
            #expect(try await Self.count(client, "SELECT count(*)::int8 FROM factwire.jobs") == 0)

            // Every claim, per process, from the workers' own event logs.
            var holds: [Int64: [(process: Int, start: Double, end: Double)]] = [:]
            var perProcess: [Int] = []
            for i in 0..<4 {
                let events = Self.events("\(folder)/w\(i).ndjson")
                var started: [Int64: Double] = [:]
                var finished = 0
                for event in events {
                    if event.event == "started", let id = event.id { started[id] = event.t }
                    if event.event == "finished", let id = event.id {
                        holds[id, default: []].append((i, started[id] ?? event.t, event.t))
                        finished += 1
                    }
                }
                perProcess.append(finished)
            }
            #expect(holds.count == 20_000)
            let doubleHeld = holds.filter { _, spans in
                let sorted = spans.sorted { $0.start < $1.start }
                return zip(sorted, sorted.dropFirst()).contains { $0.end > $1.start }
            }
            #expect(doubleHeld.isEmpty)
            #expect(holds.values.allSatisfy { $0.count == 1 })
            #expect(perProcess.allSatisfy { $0 > 0 }, "work spread over all four processes: \(perProcess)")
        }
    }

    @Test("SIGKILL of a worker mid-job: the job is rescued and completed once, within lease + rescuer interval")
    func killedWorker() async throws {
        let database = try await TestPostgres.makeDatabase("proc_kill")
        let folder = NSTemporaryDirectory() + "fw-kill-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await TestPostgres.withClient(database) { client throws in
            try await Migrator(logger: Self.logger).migrate(client: client)
            let environment = ["DATABASE_URL": FactwireBinary.url(database)]
            let timing = ["--lease-seconds", "2", "--rescue-seconds", "0.5", "--stage-seconds", "0.2"]
            let doomed = try FactwireBinary.start(
                ["queue", "work", "--queue", "crash=4", "--no-maintenance", "--events-file", "\(folder)/a.ndjson"]
                    + timing,
                outputPath: "\(folder)/a.log", environment: environment
            )
            let queue = JobQueue(client: client, logger: Self.logger)
            let id = try await queue.enqueue(
                NewJob(queue: "crash", kind: "factwire.sleep", argumentsJSON: #"{"ms":600000,"attempts":1}"#)
            ).id
            try await Self.waitUntil("worker A started the job", limit: .seconds(90)) {
                Self.events("\(folder)/a.ndjson").contains { $0.event == "started" && $0.id == id }
            }
            let survivor = try FactwireBinary.start(
                ["queue", "work", "--queue", "crash=4", "--events-file", "\(folder)/b.ndjson"] + timing,
                outputPath: "\(folder)/b.log", environment: environment
            )
            try await Self.waitUntil("worker B leads maintenance", limit: .seconds(90)) {
                Self.events("\(folder)/b.ndjson").contains { $0.event == "leadership" && $0.leader == true }
            }
            let killedAt = Date().timeIntervalSince1970
            doomed.send(SIGKILL)
            #expect(await doomed.exited() == 128 + SIGKILL)
            try await Self.waitUntil("worker B completes the rescued job", limit: .seconds(90)) {
                Self.events("\(folder)/b.ndjson").contains {
                    $0.event == "finished" && $0.id == id && $0.status == "completed"
                }
            }
            let completedAt = Self.events("\(folder)/b.ndjson").first { $0.event == "finished" && $0.id == id }!.t
            let recovery = completedAt - killedAt
            // Lease 2 s + rescuer 0.5 s; the margin covers the lease-extension phase and scheduling.
            #expect(recovery < 2 + 0.5 + 1.5, "recovered after \(recovery) s")
            survivor.send(SIGTERM)
            #expect(await survivor.exited() == 0)
            #expect(
                try await Self.count(
                    client,
                    "SELECT count(*)::int8 FROM factwire.job_history WHERE id = \(id) AND final_state = 'completed' AND attempt = 2"
                ) == 1)
            let snapshot = try #require(try await queue.job(id: id))
            #expect(snapshot.errorsJSON.contains("lease expired"))
            print(
                "rescue after SIGKILL: completed \(String(format: "%.2f", recovery)) s after the kill (lease 2 s, rescuer 0.5 s)"
            )
        }
    }
}

@Suite("factwire queue operations", .timeLimit(.minutes(3)))
struct QueueOperationsCLITests {
    @Test("enqueue, stats, show, cancel, retry and pause from the command line, with clear errors")
    func operations() async throws {
        let database = try await TestPostgres.makeDatabase("cli_ops")
        let env = ["DATABASE_URL": FactwireBinary.url(database)]
        // Nothing yet: an answer all the same (on standard error, so standard output stays valid NDJSON).
        let empty = try await FactwireBinary.execute(["queue", "list"], environment: env)
        #expect(empty.exitCode == 0 && empty.output.contains("(no jobs)"), "\(empty.output)")
        let enqueued = try await FactwireBinary.execute(
            ["queue", "enqueue", "--kind", "factwire.noop", "--queue", "ops", "--count", "3"], environment: env)
        #expect(enqueued.exitCode == 0, "\(enqueued.output)")
        let ids = enqueued.output.split(separator: "\n").compactMap { Int64($0) }
        #expect(ids.count == 3)

        let stats = try await FactwireBinary.execute(["queue", "stats", "--json"], environment: env)
        #expect(stats.exitCode == 0)
        #expect(stats.output.contains(#""available":3"#))

        let shown = try await FactwireBinary.execute(["queue", "show", "\(ids[0])"], environment: env)
        #expect(shown.exitCode == 0 && shown.output.contains(#""state":"available""#))
        // The API's shape: snake_case, and the arguments as a JSON object, not JSON text in a string.
        #expect(
            shown.output.contains(#""args":{"#) && shown.output.contains(#""max_attempts":"#)
                && !shown.output.contains("argumentsJSON"), "\(shown.output)")

        let cancelled = try await FactwireBinary.execute(["queue", "cancel", "\(ids[0])"], environment: env)
        #expect(cancelled.exitCode == 0 && cancelled.output.contains(#""state":"cancelled""#))
        // Finished jobs are listed from history.
        let finished = try await FactwireBinary.execute(["queue", "list", "--state", "cancelled"], environment: env)
        #expect(finished.exitCode == 0 && finished.output.contains(#""id":\#(ids[0])"#), "\(finished.output)")
        let again = try await FactwireBinary.execute(["queue", "cancel", "\(ids[0])"], environment: env)
        #expect(again.exitCode == 1)
        #expect(again.output.contains("already cancelled"))

        let missing = try await FactwireBinary.execute(["queue", "retry", "999999"], environment: env)
        #expect(missing.exitCode == 1)
        #expect(missing.output.contains("no job has id 999999"))

        #expect(try await FactwireBinary.execute(["queue", "pause", "ops"], environment: env).exitCode == 0)
        #expect(
            try await FactwireBinary.execute(["queue", "stats", "--json"], environment: env).output.contains(
                #""paused":true"#))
        #expect(
            try await FactwireBinary.execute(["queue", "enqueue", "--kind", "k", "--args", "[1,2]"], environment: env)
                .exitCode == 2)
        #expect(try await FactwireBinary.execute(["queue", "show", "not-a-number"], environment: env).exitCode == 2)

        // Tokens: created, listed (never the token itself), revoked once.
        let token = try await FactwireBinary.execute(
            ["tokens", "create", "--role", "read", "--label", "dashboards"], environment: env)
        #expect(token.exitCode == 0 && token.output.hasPrefix("fw_"), "\(token.output)")
        let listed = try await FactwireBinary.execute(["tokens", "list"], environment: env)
        #expect(
            listed.exitCode == 0 && listed.output.contains("dashboards") && listed.output.contains("never")
                && !listed.output.contains("fw_"), "\(listed.output)")
        let tokenID = try #require(
            listed.output.split(separator: "\n").dropFirst().first?.split(separator: " ").first.map(String.init))
        #expect(try await FactwireBinary.execute(["tokens", "revoke", tokenID], environment: env).exitCode == 0)
        let twice = try await FactwireBinary.execute(["tokens", "revoke", tokenID], environment: env)
        #expect(twice.exitCode == 1 && twice.output.contains("no token with id"), "\(twice.output)")
    }
}
