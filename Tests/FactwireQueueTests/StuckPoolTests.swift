import FactwireStore
import FactwireTesting
import Foundation
import PostgresNIO
import Synchronization
import Testing

@testable import FactwireCore
@testable import FactwireQueue

/// Database calls that never return (a connection that died without the driver noticing, or a pool
/// that no longer hands out connections) must not wedge a worker silently.
@Suite("Faults: stuck database calls")
struct StuckPoolTests {
    @Test("a call that ignores its time limit is cut off with TimedOut; one that answers in time returns its value")
    func boundedCall() async throws {
        let started = ContinuousClock.now
        let released = ExpiryFlag()
        await #expect(throws: Abandonable.TimedOut.self) {
            try await Abandonable.run(timeout: .milliseconds(100), grace: .milliseconds(100)) {
                // Ignores cancellation until the test lets it go, as a query on a dead socket does (for good).
                while !released.isSet { try? await Task.sleep(for: .milliseconds(20)) }
                return 0
            }
        }
        released.set()
        // Bounded, not timed: on a loaded machine the cut-off can take seconds, but it must come.
        #expect(started.duration(to: .now) < .seconds(60))
        let value = try await Abandonable.run(timeout: .seconds(60), grace: .milliseconds(100)) { 42 }
        #expect(value == 42)
    }

    /// The worker's pool has one connection, held by a statement that does not end: every claim waits.
    func withStuckPool(
        _ name: String, probe: @escaping @Sendable () async -> Bool,
        _ body: @Sendable (JobWorker, QueueHarness) async throws -> Void
    ) async throws {
        let database = try await TestPostgres.makeDatabase(name)
        try await TestPostgres.withClient(database, maximumConnections: 4) { client in
            try await Migrator(logger: TestPostgres.logger).migrate(client: client)
            let harness = QueueHarness(client: client, queue: JobQueue(client: client, logger: TestPostgres.logger))
            _ = try await harness.queue.enqueue(NewJob(queue: "stuck", kind: NoopHandler.kind))
            try await TestPostgres.withClient(database, maximumConnections: 1) { tiny in
                let holder = Task { try await tiny.query("SELECT pg_sleep(600)", logger: TestPostgres.logger) }
                defer { holder.cancel() }
                try await Poll.until("the pool's only connection to be busy", limit: .seconds(60)) {
                    let busy = try await harness.scalar(
                        "SELECT count(*)::int8 FROM pg_stat_activity WHERE datname = current_database() AND query = 'SELECT pg_sleep(600)' AND state = 'active'",
                        as: Int64.self)
                    return (busy ?? 0) > 0
                }
                var configuration = JobWorker.Configuration(queues: ["stuck": 1])
                configuration.listen = false
                configuration.maintenance = false
                configuration.unhealthyPollInterval = .milliseconds(50)
                configuration.callTimeout = .milliseconds(300)
                configuration.stuckClaimLimit = 3
                configuration.drainTimeout = .seconds(1)
                configuration.databaseProbe = probe
                let worker = JobWorker(
                    client: tiny, registry: WorkerTests.registry(), configuration: configuration,
                    logger: TestPostgres.logger)
                try await body(worker, harness)
                _ = try await client.query(
                    "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'SELECT pg_sleep(600)'",
                    logger: TestPostgres.logger)
            }
        }
    }

    @Test(
        "claims that time out while the database answers a fresh connection stop the worker with poolStuck (its supervisor restarts it)"
    )
    func stuckPoolStopsWorker() async throws {
        let probes = Atomic<Int>(0)
        try await withStuckPool(
            "stuck_pool",
            probe: {
                probes.add(1, ordering: .relaxed)
                return true
            }
        ) { worker, _ in
            let started = ContinuousClock.now
            let error = await #expect(throws: FactwireQueueError.self) { try await worker.run() }
            #expect(error?.code == .poolStuck)
            #expect(error?.message.contains("connection pool is stuck") == true, "\(error?.message ?? "")")
            #expect(probes.load(ordering: .relaxed) >= 1)
            print("stuck pool: worker stopped itself after \(started.duration(to: .now))")
        }
    }

    @Test(
        "while the database itself does not answer, timed-out claims keep retrying: an outage is waited out, not a reason to exit"
    )
    func outageIsWaitedOut() async throws {
        let probes = Atomic<Int>(0)
        try await withStuckPool(
            "stuck_outage",
            probe: {
                probes.add(1, ordering: .relaxed)
                return false
            }
        ) { worker, _ in
            let run = Task { try await worker.run() }
            try await Poll.until("several stuck claims to be probed", limit: .seconds(120)) {
                probes.load(ordering: .relaxed) >= 3
            }
            run.cancel()
            // Cancelled, not failed: it was still trying.
            _ = try? await run.value
            #expect(worker.stoppedItself.withLock { $0 } == nil)
        }
    }
}
