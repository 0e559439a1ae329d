import FactwireCore
import Foundation
import Logging
import PostgresNIO
import Synchronization

extension JobWorker {
    /// One queue's claim loop: claim up to the free slots, start each job as a child task, sleep until
    /// woken or the poll interval passes. On shutdown: stop claiming, drain, then cancel what is left.
    func produce(queue: String, concurrency: Int) async {
        let wake = wakes[queue]!
        let inFlight = SlotCounter()
        let metrics = QueueMetrics(queue: queue)
        var failures = 0
        var stuckClaims = 0
        var onlyLimitedSince: ContinuousClock.Instant?
        var policy = ClaimPolicy(concurrency: concurrency, linger: configuration.lingerInterval)
        // A discarding group: a finished job's task is freed at once. A plain task group keeps every finished
        // child until it is awaited, so a worker's memory grew by a few kilobytes per job until it stopped.
        await withDiscardingTaskGroup { jobs in
            while !isShuttingDown {
                switch policy.next(inFlight: inFlight.value, pollInterval: pollInterval) {
                case .wait(let timeout):
                    await wake.wait(timeout: timeout)
                case .claim(let free):
                    do {
                        let started = ContinuousClock.now
                        let request = claimRequest(queue: queue, limit: free)
                        let readLimits = limitsSeen.withLock { seen in
                            seen.at.map { started - $0 >= .seconds(1) } ?? true
                        }
                        // After a claim of unlimited kinds found nothing while limits exist, the next ones go
                        // straight to the limited claim for a second before looking again.
                        let unlimited = onlyLimitedSince.map { started - $0 >= .seconds(1) } ?? true
                        let (claimed, unlimitedFound) = try await withBoundedConnection { connection in
                            var limited = self.limitsSeen.withLock { $0.exists }
                            if readLimits {
                                limited = try await QueueSQL.limitsExist(on: connection, logger: self.logger)
                                self.limitsSeen.withLock { $0 = (limited, started) }
                            }
                            return try await QueueSQL.claim(
                                request, limited: limited, unlimited: unlimited, on: connection, logger: self.logger)
                        }
                        if unlimited {
                            let limited = limitsSeen.withLock { $0.exists }
                            onlyLimitedSince = limited && unlimitedFound == 0 && !claimed.isEmpty ? started : nil
                        }
                        metrics.claimQuery(ContinuousClock.now - started)
                        failures = 0
                        stuckClaims = 0
                        policy.claimed(requested: free, got: claimed.count)
                        guard !claimed.isEmpty else { continue }
                        metrics.claimed(claimed.count)
                        emit(.claimed(queue: queue, ids: claimed.map(\.id)))
                        CrashPoint.reach(CrashPoint.claimed)
                        inFlight.add(claimed.count)
                        for job in claimed {
                            jobs.addTask {
                                await self.execute(job, metrics: metrics)
                                inFlight.add(-1)
                                wake.signal()
                            }
                        }
                    } catch {
                        if isShuttingDown { break }
                        failures += 1
                        policy.claimed(requested: free, got: 0)
                        logger.warning(
                            "claim failed; retrying",
                            metadata: ["queue": "\(queue)", "error": "\(String(reflecting: error))"])
                        if error is Abandonable.TimedOut {
                            stuckClaims += 1
                            if stuckClaims >= configuration.stuckClaimLimit, let probe = configuration.databaseProbe,
                                await probe()
                            {
                                giveUp(
                                    FactwireQueueError(
                                        .poolStuck,
                                        message: """
                                            \(stuckClaims) claims in a row got no answer within \(configuration.callTimeout) while the database \
                                            answers new connections: the connection pool is stuck; stopping so a fresh process takes over
                                            """))
                                break
                            }
                        } else {
                            stuckClaims = 0
                        }
                        try? await Task.sleep(for: .milliseconds(min(100 * (1 << min(failures, 6)), 5_000)))
                    }
                }
            }
            await drain(inFlight: inFlight, wake: wake)
        }
    }

    /// A claim of up to `limit` jobs, with the deadlines of the kinds that set their own timeout.
    func claimRequest(queue: String, limit: Int) -> QueueSQL.ClaimRequest {
        var request = QueueSQL.ClaimRequest(
            queue: queue, limit: limit, workerID: configuration.workerID, leaseSeconds: configuration.leaseSeconds,
            deadlineSeconds: configuration.deadlineSeconds)
        for (kind, entry) in registry.entries {
            guard let timeout = entry.timeout else { continue }
            request.timeoutKinds.append(kind)
            request.timeoutSeconds.append(timeout.seconds)
        }
        return request
    }

    private var pollInterval: Duration {
        listener?.pollInterval ?? configuration.unhealthyPollInterval
    }

    /// Waits for running jobs up to the drain timeout, then cancels (and so releases) the rest; the group
    /// then waits for them to end. Each job signals `wake` as it ends. When the worker itself is cancelled,
    /// its jobs are cancelled with it and there is nothing to wait for here.
    private func drain(inFlight: SlotCounter, wake: WakeSignal) async {
        let deadline = ContinuousClock.now + configuration.drainTimeout
        while inFlight.value > 0, !Task.isCancelled {
            let left = deadline - ContinuousClock.now
            guard left > .zero else {
                running.stopAll(reason: .shutdown)
                return
            }
            await wake.wait(timeout: min(left, .milliseconds(250)))
        }
    }
}

/// How many of a producer's slots are taken; shared with the job tasks that free them.
final class SlotCounter: Sendable {
    private let count = Atomic<Int>(0)
    var value: Int { count.load(ordering: .relaxed) }
    func add(_ n: Int) { count.add(n, ordering: .relaxed) }
}
