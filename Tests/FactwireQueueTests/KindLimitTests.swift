import FactwireTesting
import Foundation
import PostgresNIO
import Synchronization
import Testing

@testable import FactwireQueue

/// Sleeps briefly; its arguments carry a host to partition limits by. While it runs it counts, in the
/// database, the jobs of its kind (and of its host) running with it: the limit's own invariant, which
/// worker events can only bracket from outside (a finish is reported after its commit).
struct HostJob: JobHandler {
    struct Arguments: Decodable, Sendable { var host: String }
    static let kind = "test.host"
    let client: PostgresClient
    /// The most running at once seen by any job: of the kind, and of one host.
    let seen = Seen()

    final class Seen: Sendable {
        private let most = Mutex<(kind: Int64, host: Int64)>((0, 0))
        func note(kind: Int64, host: Int64) { most.withLock { $0 = (max($0.kind, kind), max($0.host, host)) } }
        var value: (kind: Int64, host: Int64) { most.withLock { $0 } }
    }

    func handle(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome {
        for _ in 0..<3 {
            let rows = try await client.query(
                """
                SELECT count(*)::int8, (count(*) FILTER (WHERE args->>'host' = \(arguments.host)))::int8
                FROM factwire.jobs WHERE state = 'running' AND kind = \(Self.kind)
                """, logger: context.logger)
            for try await (kind, host) in rows.decode((Int64, Int64).self) {
                seen.note(kind: kind, host: host)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return .complete()
    }
}

/// Sleeps until cancelled, with a short timeout of its own.
struct TimesOut: JobHandler {
    struct Arguments: Decodable, Sendable {}
    static let kind = "test.timeout"
    /// Long enough that the test reads the attempt's deadline while the job still runs on a loaded machine (with
    /// 2 s, a run once found the job already discarded), and far from the worker's default of 15 minutes.
    static let timeout = Duration.seconds(10)
    var timeout: Duration? { Self.timeout }
    func handle(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome {
        try await Task.sleep(for: .seconds(60))
        return .complete()
    }
}

@Suite("Global limits and per-kind timeouts", .timeLimit(.minutes(3)))
struct KindLimitTests {
    @Test("a limit per kind holds across two workers of 16 slots; other kinds are not held back")
    func perKind() async throws {
        try await QueueHarness.with("limit_kind") { h throws in
            let recorder = EventRecorder()
            try await h.queue.setLimit(kind: HostJob.kind, maxRunning: 3)
            let limited = try await h.queue.enqueue(
                (0..<24).map { i in NewJob(queue: "lq", kind: HostJob.kind, argumentsJSON: #"{"host":"h\#(i)"}"#) }
            ).map(\.id)
            try await h.queue.enqueue((0..<50).map { _ in NewJob(queue: "lq", kind: NoopHandler.kind) })
            let handler = HostJob(client: h.client)
            let registry = WorkerTests.registry { $0.register(handler) }
            let workers = (0..<2).map { _ in
                JobWorker(
                    client: h.client, registry: registry,
                    configuration: h.configuration(["lq": 16], recorder: recorder),
                    logger: h.logger)
            }
            try await h.running(workers[0]) { _ in
                try await h.running(workers[1]) { _ in
                    await recorder.wait(for: "74 completions") { $0.finishedCount(.completed) >= 74 }
                }
            }
            #expect(handler.seen.value.kind == 3, "running at once: \(handler.seen.value.kind)")
            #expect(Set(recorder.events.startedIDs()).isSuperset(of: limited))
            let limits = try await h.queue.limits()
            #expect(limits.map(\.kind) == [HostJob.kind])
            #expect(limits.first?.running == 0)
            #expect(try await h.queue.removeLimit(kind: HostJob.kind))
            #expect(try await h.queue.removeLimit(kind: HostJob.kind) == false)
        }
    }

    @Test("a limit per argument value: at most one per host at once, two hosts side by side")
    func perPartition() async throws {
        try await QueueHarness.with("limit_part") { h throws in
            let recorder = EventRecorder()
            try await h.queue.setLimit(kind: HostJob.kind, maxRunning: 1, partitionBy: "host")
            var byHost: [String: Set<Int64>] = [:]
            for host in ["a.example", "b.example"] {
                let ids = try await h.queue.enqueue(
                    (0..<6).map { _ in NewJob(queue: "pq", kind: HostJob.kind, argumentsJSON: #"{"host":"\#(host)"}"#) }
                )
                byHost[host] = Set(ids.map(\.id))
            }
            let handler = HostJob(client: h.client)
            let worker = JobWorker(
                client: h.client, registry: WorkerTests.registry { $0.register(handler) },
                configuration: h.configuration(["pq": 8], recorder: recorder), logger: h.logger)
            try await h.running(worker) { _ in
                await recorder.wait(for: "12 completions") { $0.finishedCount(.completed) >= 12 }
            }
            let seen = handler.seen.value
            #expect(seen.host == 1, "one host's jobs running at once: \(seen.host)")
            #expect(seen.kind <= 2, "running at once: \(seen.kind)")
            // Two hosts side by side: one claim took a job of each.
            let hosts = Array(byHost.values)
            #expect(
                recorder.events.contains {
                    guard case .claimed(_, let ids) = $0 else { return false }
                    return !hosts[0].isDisjoint(with: ids) && !hosts[1].isDisjoint(with: ids)
                })
            #expect(byHost.values.allSatisfy { Set(recorder.events.startedIDs()).isSuperset(of: $0) })
        }
    }

    @Test("a host whose jobs sit behind more than the look-ahead of another host's is not starved")
    func partitionBehindLongHead() async throws {
        try await QueueHarness.with("limit_head") { h throws in
            let recorder = EventRecorder()
            try await h.queue.setLimit(kind: HostJob.kind, maxRunning: 1, partitionBy: "host")
            try await h.queue.enqueue(
                (0..<1_200).map { _ in NewJob(queue: "hq", kind: HostJob.kind, argumentsJSON: #"{"host":"a"}"#) })
            let behind = try await h.queue.enqueue(
                NewJob(queue: "hq", kind: HostJob.kind, argumentsJSON: #"{"host":"b"}"#)
            ).id
            let worker = JobWorker(
                client: h.client, registry: WorkerTests.registry { $0.register(HostJob(client: h.client)) },
                configuration: h.configuration(["hq": 4], recorder: recorder), logger: h.logger)
            try await h.running(worker) { _ in
                await recorder.wait(for: "host b's job to run") { $0.hasFinished(behind, .completed) }
            }
            // Host a's jobs run one at a time (about 150 ms each): b ran within the first few of them.
            #expect(recorder.events.finishedCount(.completed) < 20)
        }
    }

    @Test("bad limits are refused with a clear error")
    func badLimits() async throws {
        try await QueueHarness.with("limit_bad") { h throws in
            await #expect(throws: FactwireQueueError.self) { try await h.queue.setLimit(kind: "k", maxRunning: 0) }
            await #expect(throws: FactwireQueueError.self) { try await h.queue.setLimit(kind: "", maxRunning: 1) }
            #expect(try await h.queue.limits().isEmpty)
        }
    }

    @Test(
        "a handler's own timeout, not the worker's 15 minutes, stops the attempt; the database deadline is the kind's")
    func perKindTimeout() async throws {
        try await QueueHarness.with("limit_timeout") { h throws in
            let recorder = EventRecorder()
            var job = NewJob(queue: "tq", kind: TimesOut.kind)
            job.maxAttempts = 1
            let id = try await h.queue.enqueue(job).id
            let worker = JobWorker(
                client: h.client, registry: WorkerTests.registry { $0.register(TimesOut()) },
                configuration: h.configuration(["tq": 2], recorder: recorder), logger: h.logger)
            try await h.running(worker) { _ in
                await recorder.wait(for: "the job to start") { $0.startedIDs().contains(id) }
                let window = try await h.scalar(
                    "SELECT extract(epoch FROM deadline_at - attempted_at)::float8 FROM factwire.jobs WHERE id = \(id)",
                    as: Double.self)
                let expected = Double(TimesOut.timeout.components.seconds)
                #expect(window.map { abs($0 - expected) < 0.01 } == true, "deadline window \(window ?? -1) s")
                // The worker's lease keeper stops it, or the leader's rescuer sees the database deadline first.
                await recorder.wait(for: "the job to stop") {
                    $0.hasFinished(id, .discarded) || $0.contains(.leaseLost(id: id))
                }
            }
            let snapshot = try #require(try await h.queue.job(id: id))
            #expect(snapshot.status == .discarded)
            #expect(snapshot.errorsJSON.contains("deadline"), "\(snapshot.errorsJSON)")
        }
    }
}
