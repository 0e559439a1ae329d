import FactwireTesting
import Foundation
import PostgresNIO
import Testing

@testable import FactwireQueue

/// Sleeps briefly; its arguments carry a host to partition limits by.
struct HostJob: JobHandler {
    struct Arguments: Decodable, Sendable { var host: String }
    static let kind = "test.host"
    func handle(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome {
        try await Task.sleep(for: .milliseconds(150))
        return .complete()
    }
}

/// Sleeps until cancelled, with a short timeout of its own.
struct TimesOut: JobHandler {
    struct Arguments: Decodable, Sendable {}
    static let kind = "test.timeout"
    var timeout: Duration? { .seconds(2) }
    func handle(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome {
        try await Task.sleep(for: .seconds(60))
        return .complete()
    }
}

@Suite("Global limits and per-kind timeouts", .timeLimit(.minutes(3)))
struct KindLimitTests {
    /// The most jobs that ran at once, from the workers' started and finished events (`of` filters by id).
    static func mostAtOnce(_ events: [WorkerEvent], of ids: Set<Int64>? = nil) -> Int {
        var running = 0
        var most = 0
        for event in events {
            switch event {
            case .started(let id, _, _) where ids?.contains(id) ?? true: running += 1
            case .finished(let id, _) where ids?.contains(id) ?? true: running -= 1
            default: continue
            }
            most = max(most, running)
        }
        return most
    }

    @Test("a limit per kind holds across two workers of 16 slots; other kinds are not held back")
    func perKind() async throws {
        try await QueueHarness.with("limit_kind") { h throws in
            let recorder = EventRecorder()
            try await h.queue.setLimit(kind: HostJob.kind, maxRunning: 3)
            let limited = try await h.queue.enqueue(
                (0..<24).map { i in NewJob(queue: "lq", kind: HostJob.kind, argumentsJSON: #"{"host":"h\#(i)"}"#) }
            ).map(\.id)
            try await h.queue.enqueue((0..<50).map { _ in NewJob(queue: "lq", kind: NoopHandler.kind) })
            let registry = WorkerTests.registry { $0.register(HostJob()) }
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
            #expect(Self.mostAtOnce(recorder.events, of: Set(limited)) == 3)
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
            let worker = JobWorker(
                client: h.client, registry: WorkerTests.registry { $0.register(HostJob()) },
                configuration: h.configuration(["pq": 8], recorder: recorder), logger: h.logger)
            try await h.running(worker) { _ in
                await recorder.wait(for: "12 completions") { $0.finishedCount(.completed) >= 12 }
            }
            for (host, ids) in byHost { #expect(Self.mostAtOnce(recorder.events, of: ids) == 1, "\(host)") }
            #expect(Self.mostAtOnce(recorder.events) == 2)
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
                #expect(window.map { abs($0 - 2) < 0.01 } == true, "deadline window \(window ?? -1) s")
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
