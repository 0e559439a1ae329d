import Foundation
public import Logging
public import PostgresNIO
import Tracing

/// The producer side of the queue and its operations: enqueue (one, a batch, or inside your own
/// transaction), and inspect, retry, cancel, pause and resume.
///
/// Cheap to create and `Sendable`; share one per process so the wake-up limiter is shared too.
public struct JobQueue: Sendable {
    /// How the client behaves.
    public struct Configuration: Sendable {
        /// When to send wake-ups. Default ``NotifyMode/inTransaction``.
        public var notifyMode: NotifyMode = .inTransaction
        /// At most one wake-up per queue per this interval from this process. Default 10 ms: at most
        /// 100 NOTIFY commits per second per queue and process, which keeps PostgreSQL's global notify
        /// lock cold; a job whose wake-up was suppressed is found by the woken worker's linger claim
        /// (``JobWorker/Configuration/lingerInterval``) rather than by the slow backstop poll.
        public var notifyInterval: Duration = .milliseconds(10)
        /// Largest batch accepted by ``enqueue(_:)-(Array<NewJob>)``. Default 50,000.
        public var maximumBatch: Int = 50_000

        /// Creates the default configuration.
        public init() {}
    }

    /// The pool used for standalone calls.
    public let client: PostgresClient
    /// The configuration.
    public let configuration: Configuration
    let logger: Logger
    private let limiter: NotifyLimiter

    /// Creates a queue client on `client`.
    public init(client: PostgresClient, configuration: Configuration = .init(), logger: Logger) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
        self.limiter = NotifyLimiter(interval: configuration.notifyInterval)
    }

    // MARK: Enqueue

    /// Enqueues one job in a transaction of its own.
    @discardableResult
    public func enqueue(_ job: NewJob) async throws -> EnqueuedJob {
        try await enqueue([job])[0]
    }

    /// Enqueues many jobs with one INSERT statement, in a transaction of its own.
    /// - Returns: One result per job, in order.
    @discardableResult
    public func enqueue(_ jobs: [NewJob]) async throws -> [EnqueuedJob] {
        let result = try await client.withConnection { connection in
            try await self.enqueue(jobs, on: connection, wakeInTransaction: false)
        }
        if configuration.notifyMode != .off {
            let queues = limiter.admit(jobs.filter { $0.delay == nil }.map(\.queue))
            if !queues.isEmpty {
                try await client.withConnection {
                    try await QueueSQL.notify(queues: queues, on: $0, logger: self.logger)
                }
            }
        }
        return result
    }

    /// Enqueues jobs inside the caller's transaction on `connection`: they exist only if it commits.
    ///
    /// With ``NotifyMode/inTransaction`` the wake-up is sent in the same transaction (delivered on
    /// commit). With ``NotifyMode/afterCommit`` call ``wake(queues:)`` after your commit.
    @discardableResult
    public func enqueue(_ jobs: [NewJob], on connection: PostgresConnection) async throws -> [EnqueuedJob] {
        try await enqueue(jobs, on: connection, wakeInTransaction: configuration.notifyMode == .inTransaction)
    }

    /// Sends the wake-ups for `queues` now (rate-limited). For ``NotifyMode/afterCommit``.
    public func wake(queues: [String]) async throws {
        guard configuration.notifyMode != .off else { return }
        let admitted = limiter.admit(queues)
        guard !admitted.isEmpty else { return }
        try await client.withConnection { try await QueueSQL.notify(queues: admitted, on: $0, logger: self.logger) }
    }

    private func enqueue(_ jobs: [NewJob], on connection: PostgresConnection, wakeInTransaction: Bool) async throws
        -> [EnqueuedJob]
    {
        guard jobs.count <= configuration.maximumBatch else {
            throw FactwireQueueError(
                .invalidRequest, message: "a batch holds at most \(configuration.maximumBatch) jobs; got \(jobs.count)")
        }
        for job in jobs { try job.validate() }
        // A producer span; its context travels in each job's meta to the span of the attempt that runs it.
        return try await withSpan("enqueue \(jobs.first?.queue ?? "")", ofKind: .producer) { span in
            span.attributes["messaging.system"] = "factwire"
            span.attributes["messaging.destination.name"] = jobs.first?.queue ?? ""
            span.attributes["messaging.batch.message_count"] = jobs.count
            var traced = jobs
            if let carrier = TraceMeta.currentCarrier() {
                for index in traced.indices {
                    traced[index].metaJSON = TraceMeta.adding(carrier, to: traced[index].metaJSON)
                }
            }
            let result = try await QueueSQL.insert(traced, on: connection, logger: logger)
            if wakeInTransaction {
                let queues = limiter.admit(jobs.filter { $0.delay == nil }.map(\.queue))
                try await QueueSQL.notify(queues: queues, on: connection, logger: logger)
            }
            return result
        }
    }
}
