import FactwireStore
import FactwireTesting
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization
import Testing

@testable import FactwireQueue

/// A migrated database per test, a queue client, and workers whose events tests wait on.
struct QueueHarness: Sendable {
    let client: PostgresClient
    let queue: JobQueue
    let logger = TestPostgres.logger

    /// Runs `body` with a fresh migrated database.
    static func with<T: Sendable>(_ name: String, _ body: @Sendable (QueueHarness) async throws -> T) async throws -> T
    {
        let database = try await TestPostgres.makeDatabase(name)
        return try await TestPostgres.withClient(database, maximumConnections: 20) { client in
            try await Migrator(logger: TestPostgres.logger).migrate(client: client)
            return try await body(
                QueueHarness(client: client, queue: JobQueue(client: client, logger: TestPostgres.logger)))
        }
    }

    /// A worker configuration with test-friendly (short) timings.
    func configuration(_ queues: [String: Int], recorder: EventRecorder) -> JobWorker.Configuration {
        var configuration = JobWorker.Configuration(queues: queues)
        configuration.observer = { recorder.record($0) }
        configuration.stageInterval = .milliseconds(100)
        configuration.rescueInterval = .milliseconds(200)
        configuration.leaderTTL = .seconds(2)
        configuration.drainTimeout = .seconds(5)
        return configuration
    }

    /// Runs `worker` as a service while `body` runs, then shuts it down gracefully.
    func running<T: Sendable>(_ worker: JobWorker, _ body: @Sendable (ServiceGroup) async throws -> T) async throws -> T
    {
        var configuration = ServiceGroupConfiguration(services: [.init(service: worker)], logger: logger)
        // Past this, the group cancels the worker: a shutdown bug fails one test instead of hanging the run.
        configuration.maximumGracefulShutdownDuration = .seconds(20)
        let group = ServiceGroup(configuration: configuration)
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            let result = try await body(group)
            await group.triggerGracefulShutdown()
            for try await _ in tasks {}
            return result
        }
    }

    func scalar<T: PostgresDecodable & Sendable>(_ query: PostgresQuery, as type: T.Type = T.self) async throws -> T? {
        let rows = try await client.query(query, logger: logger)
        for try await value in rows.decode(T.self) { return value }
        return nil
    }
}

/// Collects worker events and lets a test wait (bounded) until a condition over them holds.
final class EventRecorder: Sendable {
    private let state = Mutex<
        (
            events: [WorkerEvent],
            waiters: [(
                id: UUID, condition: @Sendable ([WorkerEvent]) -> Bool, continuation: CheckedContinuation<Void, Never>
            )]
        )
    >(([], []))

    func record(_ event: WorkerEvent) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.events.append(event)
            let events = state.events
            let (met, waiting) = state.waiters.reduce(
                into: (
                    [CheckedContinuation<Void, Never>](),
                    [
                        (
                            id: UUID, condition: @Sendable ([WorkerEvent]) -> Bool,
                            continuation: CheckedContinuation<Void, Never>
                        )
                    ]()
                )
            ) { result, waiter in
                if waiter.condition(events) { result.0.append(waiter.continuation) } else { result.1.append(waiter) }
            }
            state.waiters = waiting
            return met
        }
        for continuation in ready { continuation.resume() }
    }

    var events: [WorkerEvent] { state.withLock { $0.events } }

    /// Waits until `condition` holds over all events so far. Fails the test (instead of hanging) after `limit`.
    func wait(
        for description: String, limit: Duration = .seconds(120), sourceLocation: SourceLocation = #_sourceLocation,
        until condition: @escaping @Sendable ([WorkerEvent]) -> Bool
    ) async {
        let id = UUID()
        let met = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let now = self.state.withLock { state -> Bool in
                        if condition(state.events) { return true }
                        state.waiters.append((id, condition, continuation))
                        return false
                    }
                    if now { continuation.resume() }
                }
                return true
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let first = await group.next()!
            if !first {
                let stale = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
                    defer { state.waiters.removeAll { $0.id == id } }
                    return state.waiters.first { $0.id == id }?.continuation
                }
                stale?.resume()
            }
            group.cancelAll()
            return first
        }
        if !met { Issue.record("timed out after \(limit) waiting for \(description)", sourceLocation: sourceLocation) }
    }

    func finished(_ id: Int64) -> JobStatus? {
        events.reversed().compactMap { if case .finished(id, let status) = $0 { status } else { nil } }.first
    }

    func count(where predicate: (WorkerEvent) -> Bool) -> Int { events.filter(predicate).count }
}

extension [WorkerEvent] {
    func finishedCount(_ status: JobStatus? = nil) -> Int {
        filter { if case .finished(_, let s) = $0 { status == nil || s == status } else { false } }.count
    }
    func hasFinished(_ id: Int64, _ status: JobStatus) -> Bool {
        contains { $0 == .finished(id: id, status: status) }
    }
    func startedIDs() -> [Int64] {
        compactMap { if case .started(let id, _, _) = $0 { id } else { nil } }
    }
}
