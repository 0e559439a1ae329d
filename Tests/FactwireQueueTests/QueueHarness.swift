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
///
/// Recording is an append: workers call it on their hot path, thousands of times a test. Conditions scan every
/// event so far, so a waiter checks its condition every 20 ms instead of on each event (which made a
/// 2,000-job drill quadratic, under a lock the workers share).
final class EventRecorder: Sendable {
    private let state = Mutex<[WorkerEvent]>([])

    func record(_ event: WorkerEvent) {
        state.withLock { $0.append(event) }
    }

    var events: [WorkerEvent] { state.withLock { $0 } }

    /// Waits until `condition` holds over all events so far. Fails the test (instead of hanging) after `limit`.
    func wait(
        for description: String, limit: Duration = .seconds(120), sourceLocation: SourceLocation = #_sourceLocation,
        until condition: @escaping @Sendable ([WorkerEvent]) -> Bool
    ) async {
        let deadline = ContinuousClock.now + limit
        while !condition(events) {
            guard ContinuousClock.now < deadline, (try? await Task.sleep(for: .milliseconds(20))) != nil else {
                Issue.record("timed out after \(limit) waiting for \(description)", sourceLocation: sourceLocation)
                return
            }
        }
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
