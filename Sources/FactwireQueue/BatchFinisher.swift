import Logging
import PostgresNIO
import Synchronization

/// Completes jobs in batches: each finished job waits for the statement that moves it to history,
/// and every job that finishes while one statement runs goes into the next one.
///
/// No timer: under light load each job completes at once (lowest latency); under heavy load batches
/// grow by themselves (highest throughput).
final class BatchFinisher: Sendable {
    private struct Pending {
        var item: QueueSQL.Finish
        var continuation: UnsafeContinuation<Bool, any Error>
    }

    private let client: PostgresClient
    private let mode: QueueSQL.FinishMode
    private let logger: Logger
    private let maximumBatch: Int
    private let callTimeout: Duration
    private let pending = Mutex<[Pending]>([])
    private let stopping = Mutex(false)
    private let signal = WakeSignal()

    init(
        client: PostgresClient, mode: QueueSQL.FinishMode, maximumBatch: Int = 2_000,
        callTimeout: Duration = .seconds(30),
        logger: Logger
    ) {
        self.client = client
        self.callTimeout = callTimeout
        self.mode = mode
        self.maximumBatch = maximumBatch
        self.logger = logger
    }

    /// Finishes one job; returns false when its lease was lost (nothing was written).
    func finish(_ item: QueueSQL.Finish) async throws -> Bool {
        try await withUnsafeThrowingContinuation { continuation in
            pending.withLock { $0.append(Pending(item: item, continuation: continuation)) }
            signal.signal()
        }
    }

    /// Runs until ``stop()``, then flushes what is left. Not stopped by cancellation on purpose: the
    /// worker stops it only after every job has reported, so no finished job is left unwritten.
    func run() async {
        // Out of the caller's cancellation: a cancelled caller would make every wait return at once and the
        // loop spin.
        await uncancellable {
            while !self.stopping.withLock({ $0 }) {
                await self.signal.wait(timeout: .seconds(1))
                await self.flush()
            }
            await self.flush()
        }
    }

    /// Ends ``run()`` after a last flush.
    func stop() {
        stopping.withLock { $0 = true }
        signal.signal()
    }

    private func flush() async {
        while true {
            let batch = pending.withLock { pending -> [Pending] in
                let batch = Array(pending.prefix(maximumBatch))
                pending.removeFirst(batch.count)
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                // Bounded: a statement stuck on a dead connection would hold every later completion too. Its
                // jobs are then rescued after their leases (a late commit of the statement is fenced).
                let items = batch.map(\.item)
                let kept = try await client.withConnection(within: callTimeout) { connection in
                    try await QueueSQL.finish(items, mode: self.mode, on: connection, logger: self.logger)
                }
                for entry in batch { entry.continuation.resume(returning: kept.contains(entry.item.id)) }
            } catch let error as PSQLError where batch.count > 1 && error.serverInfo != nil {
                // The server refused the statement (not a lost connection): finish the jobs one by one, so
                // the failure stays with the job that caused it and the others complete.
                logger.warning(
                    "a completion batch failed; finishing its jobs one by one",
                    metadata: [
                        "jobs": "\(batch.count)", "error": "\(error.serverInfo?[.message] ?? "\(error.code)")"
                    ])
                for entry in batch {
                    do {
                        let kept = try await client.withConnection(within: callTimeout) { connection in
                            try await QueueSQL.finish(
                                [entry.item], mode: self.mode, on: connection, logger: self.logger)
                        }
                        entry.continuation.resume(returning: kept.contains(entry.item.id))
                    } catch {
                        entry.continuation.resume(throwing: error)
                    }
                }
            } catch {
                for entry in batch { entry.continuation.resume(throwing: error) }
            }
        }
    }
}
