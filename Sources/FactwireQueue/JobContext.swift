public import Logging
public import PostgresNIO
import Synchronization

/// What a running handler gets besides its arguments: the job, a logger, and transactional completion.
public struct JobContext: Sendable {
    /// The claimed job (id, lease, attempt, …).
    public let job: ClaimedJob
    /// A logger with `job.id`, `job.kind` and `queue` metadata.
    ///
    /// Made when asked for, not when the job starts: setting metadata on a stream logger re-renders all of
    /// it, and three keys per job took a sixth of the worker's CPU time on short jobs that never log. Keep
    /// it in a local when you log several times.
    public var logger: Logger {
        var logger = baseLogger
        logger[metadataKey: "job.id"] = .stringConvertible(job.id)
        logger[metadataKey: "job.kind"] = .string(job.kind)
        logger[metadataKey: "queue"] = .string(job.queue)
        return logger
    }
    private let baseLogger: Logger
    let mode: QueueSQL.FinishMode
    private let finalized = Box()

    final class Box: Sendable {
        let done = Mutex(false)
    }

    /// `logger` without the job's metadata: ``logger`` adds it.
    init(job: ClaimedJob, logger: Logger, mode: QueueSQL.FinishMode) {
        self.job = job
        self.baseLogger = logger
        self.mode = mode
    }

    /// A context for running a handler without a worker (FactwireQueueTesting). Its job holds no lease in
    /// any database, so ``complete(on:resultJSON:)`` throws ``FactwireQueueError/Code/leaseLost``.
    @_spi(Testing) public init(unclaimed job: ClaimedJob, logger: Logger) {
        self.init(job: job, logger: logger, mode: .init(events: false, keepCompleted: true))
    }

    /// Completes the job inside your transaction on `connection`, fenced by this attempt's lease.
    ///
    /// Call it last in the transaction that writes the job's results: if the lease was lost (the job
    /// was rescued and may run elsewhere) it throws ``FactwireQueueError/Code/leaseLost``, so your
    /// transaction rolls back and its writes never happen twice. Then return `.complete()`.
    public func complete(on connection: PostgresConnection, resultJSON: String? = nil) async throws {
        let kept = try await QueueSQL.finish(
            [.init(id: job.id, lease: job.lease, state: .completed, resultJSON: resultJSON ?? "")],
            mode: mode, on: connection, logger: baseLogger
        )
        guard kept.contains(job.id) else {
            throw FactwireQueueError(
                .leaseLost,
                message: "job \(job.id) lost its lease (attempt \(job.attempt)); its results were rolled back",
                jobID: job.id)
        }
        finalized.done.withLock { $0 = true }
    }

    /// True once ``complete(on:resultJSON:)`` succeeded (the caller's transaction may still roll back).
    var completedInTransaction: Bool { finalized.done.withLock { $0 } }
}
