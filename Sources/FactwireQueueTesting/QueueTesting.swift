@_spi(Testing) public import FactwireQueue
import Foundation
public import Logging
public import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Helpers for testing code that uses FactwireQueue, at three depths:
///
/// - ``run(_:arguments:attempt:maxAttempts:logger:)``: a handler in process, without a database or a
///   worker, for its decisions (complete, retry, cancel, snooze) and the errors it throws;
/// - ``enqueued(on:commit:logger:_:)``: what a block of code enqueued inside one transaction (kind,
///   queue, arguments, unique key), rolled back afterwards unless asked to commit;
/// - ``drain(client:registry:queues:concurrency:within:logger:configure:)``: a real worker on a real
///   database until the queues have nothing left to run, then a report of how each job ended.
public enum QueueTesting {
    // MARK: Handlers without a database

    /// Runs `handler` once on `arguments`, as attempt `attempt`, with a context whose job was never
    /// claimed. The arguments go through JSON as they would from the queue, so an argument type that
    /// does not round-trip fails here too.
    public static func run<Handler: JobHandler>(
        _ handler: Handler, arguments: some Encodable, attempt: Int32 = 1, maxAttempts: Int32 = 20,
        logger: Logger = Logger(label: "factwire.queue.testing")
    ) async throws -> JobOutcome {
        let json = String(decoding: try JSONEncoder().encode(arguments), as: UTF8.self)
        return try await run(handler, argumentsJSON: json, attempt: attempt, maxAttempts: maxAttempts, logger: logger)
    }

    /// Runs `handler` once on arguments given as JSON text (to test how it takes bad arguments: a
    /// ``FactwireQueueError/Code/badArguments`` error, as a worker would record).
    public static func run<Handler: JobHandler>(
        _ handler: Handler, argumentsJSON: String, attempt: Int32 = 1, maxAttempts: Int32 = 20,
        logger: Logger = Logger(label: "factwire.queue.testing")
    ) async throws -> JobOutcome {
        var registry = JobRegistry()
        registry.register(handler)
        let now = Date()
        let job = ClaimedJob(
            id: 1, lease: 1, queue: "testing", kind: Handler.kind, attempt: attempt, maxAttempts: maxAttempts,
            argumentsJSON: argumentsJSON, metaJSON: "{}", runAt: now, attemptedAt: now)
        return try await registry.run(job, context: JobContext(unclaimed: job, logger: logger))
    }

    // MARK: What code enqueued

    /// A job as the enqueueing code left it.
    public struct EnqueuedJob: Sendable, Equatable {
        public var id: Int64
        public var queue: String
        public var kind: String
        public var argumentsJSON: String
        public var metaJSON: String
        public var priority: Int16
        public var maxAttempts: Int32
        /// available or scheduled.
        public var state: String
        /// The stored unique key (a hash of kind and key), if any: compare with ``hasUniqueKey(_:)``.
        public var uniqueKeyHex: String?

        /// Whether it was enqueued with the unique key `key`.
        public func hasUniqueKey(_ key: String) -> Bool { uniqueKeyHex == UniqueKey.hex(kind: kind, key: key) }

        /// The arguments decoded as `type`.
        public func arguments<T: Decodable>(as type: T.Type) throws -> T {
            try JSONDecoder().decode(type, from: Data(argumentsJSON.utf8))
        }
    }

    /// Runs `body` in a transaction on one connection and returns the jobs it enqueued (rows of
    /// `factwire.jobs` written by that transaction), oldest first. The transaction is rolled back
    /// afterwards unless `commit`, so a test can check what would be enqueued and leave nothing behind.
    public static func enqueued(
        on client: PostgresClient, commit: Bool = false, logger: Logger = Logger(label: "factwire.queue.testing"),
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Void
    ) async throws -> [EnqueuedJob] {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                try await body(connection)
                let rows = try await connection.query(
                    """
                    SELECT id, queue, kind, args::text, meta::text, priority, max_attempts, state::text,
                           encode(unique_key, 'hex')
                    FROM factwire.jobs WHERE xmin::text = (txid_current() % 4294967296)::text ORDER BY id
                    """,
                    logger: logger
                )
                var jobs: [EnqueuedJob] = []
                for try await row in rows.decode(
                    (Int64, String, String, String, String, Int16, Int32, String, String?).self)
                {
                    jobs.append(
                        EnqueuedJob(
                            id: row.0, queue: row.1, kind: row.2, argumentsJSON: row.3, metaJSON: row.4,
                            priority: row.5, maxAttempts: row.6, state: row.7, uniqueKeyHex: row.8))
                }
                try await connection.query(commit ? "COMMIT" : "ROLLBACK", logger: logger)
                return jobs
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    // MARK: Draining a real queue

    /// How each job the drain ran ended (its last status in this worker), in the order they ended.
    public struct DrainReport: Sendable, Equatable {
        public var finished: [(id: Int64, status: JobStatus)]

        /// Job ids that ended with `status`.
        public func ids(_ status: JobStatus) -> [Int64] { finished.filter { $0.status == status }.map(\.id) }

        public static func == (a: Self, b: Self) -> Bool {
            a.finished.map(\.id) == b.finished.map(\.id) && a.finished.map(\.status) == b.finished.map(\.status)
        }
    }

    /// Runs a worker with `registry` on `queues` until none of them has a job available, running, or
    /// due to be retried, then shuts it down gracefully and reports. Jobs scheduled for later (a retry
    /// with a long backoff) are left where they are. Throws ``DrainTimedOut`` after `within`.
    public static func drain(
        client: PostgresClient, registry: JobRegistry, queues: [String], concurrency: Int = 4,
        within: Duration = .seconds(60), logger: Logger = Logger(label: "factwire.queue.testing"),
        configure: (inout JobWorker.Configuration) -> Void = { _ in }
    ) async throws -> DrainReport {
        let ended = Mutex<[(id: Int64, status: JobStatus)]>([])
        var configuration = JobWorker.Configuration(
            queues: Dictionary(uniqueKeysWithValues: queues.map { ($0, concurrency) }))
        configuration.stageInterval = .milliseconds(50)
        configuration.rescueInterval = .milliseconds(200)
        configuration.lingerInterval = .milliseconds(5)
        configuration.drainTimeout = .seconds(5)
        configure(&configuration)
        let observe = configuration.observer
        configuration.observer = { event in
            if case .finished(let id, let status) = event { ended.withLock { $0.append((id, status)) } }
            observe?(event)
        }
        let worker = JobWorker(client: client, registry: registry, configuration: configuration, logger: logger)
        var groupConfiguration = ServiceGroupConfiguration(services: [.init(service: worker)], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(20)
        let group = ServiceGroup(configuration: groupConfiguration)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let deadline = ContinuousClock.now + within
            var finishedDrain = false
            while ContinuousClock.now < deadline {
                if try await pending(queues, client: client, logger: logger) == 0 {
                    finishedDrain = true
                    break
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            if !finishedDrain { throw DrainTimedOut(queues: queues, limit: within) }
        }
        return DrainReport(finished: ended.withLock { $0 })
    }

    /// The drain did not empty its queues in time.
    public struct DrainTimedOut: Error, CustomStringConvertible {
        public var queues: [String]
        public var limit: Duration
        public var description: String { "queues \(queues) still had jobs to run after \(limit)" }
    }

    /// Jobs of `queues` that are available, running, or scheduled/retryable and due.
    static func pending(_ queues: [String], client: PostgresClient, logger: Logger) async throws -> Int64 {
        let rows = try await client.query(
            """
            SELECT count(*)::int8 FROM factwire.jobs
            WHERE queue = ANY(\(queues)::text[])
              AND (state IN ('available', 'running') OR (state IN ('scheduled', 'retryable') AND run_at <= now()))
            """,
            logger: logger
        )
        for try await n in rows.decode(Int64.self) { return n }
        return 0
    }
}
