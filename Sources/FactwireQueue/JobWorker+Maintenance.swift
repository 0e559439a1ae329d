import Foundation
import Logging
import PostgresNIO

extension JobWorker {
    /// Extends the leases of jobs running longer than a third of the lease (short jobs never write a
    /// heartbeat), stops jobs whose lease was lost or whose cancel was requested, and enforces deadlines.
    func keepLeases() async {
        let period = max(configuration.leaseDuration / 3, .milliseconds(50))
        while !Task.isCancelled {
            try? await Task.sleep(for: min(period, .seconds(1)))
            if Task.isCancelled { break }
            let now = ContinuousClock.now
            for attempt in running.overdue(now: now) { running.stop(attempt, reason: .deadline) }
            let due = running.running(longerThan: period, now: now)
            guard !due.isEmpty else { continue }
            do {
                let kept = try await withBoundedConnection { connection in
                    try await QueueSQL.extend(
                        due, seconds: self.configuration.leaseSeconds, on: connection, logger: self.logger)
                }
                for attempt in due {
                    switch kept[attempt] {
                    case nil: running.stop(attempt, reason: .leaseLost)
                    case true?: running.stop(attempt, reason: .cancelRequested)
                    case false?: break
                    }
                }
            } catch {
                logger.warning("could not extend leases", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
    }

    /// Takes part in leader election; while leading, runs the stager, the rescuer and partition upkeep.
    /// Resigns on the way out so another process takes over at once.
    func lead() async {
        var election = LeaderElection(
            ttl: configuration.leaderTTL, stageInterval: configuration.stageInterval,
            rescueInterval: configuration.rescueInterval
        )
        let tick = min(configuration.stageInterval, configuration.rescueInterval, configuration.leaderTTL / 3)
        var lastElection: ContinuousClock.Instant?
        while !Task.isCancelled {
            let now = ContinuousClock.now
            if lastElection.map({ now - $0 >= configuration.leaderTTL / 3 }) ?? true {
                lastElection = now
                let wasLeader = election.isLeader
                do {
                    let won = try await withBoundedConnection { connection in
                        try await QueueSQL.elect(
                            candidate: self.configuration.workerID, ttlSeconds: self.configuration.leaderTTL.seconds,
                            on: connection, logger: self.logger)
                    }
                    election.elected(won, now: now)
                } catch {
                    election.electionFailed(now: now)
                }
                leading.store(election.isLeader, ordering: .relaxed)
                if wasLeader != election.isLeader {
                    QueueMetrics.leader(election.isLeader)
                    emit(.leadership(election.isLeader))
                    logger.info(
                        election.isLeader
                            ? "elected queue maintenance leader" : "no longer the queue maintenance leader")
                }
            }
            for action in election.due(now: now) {
                await perform(action)
            }
            // The leader resigning (NOTIFY on shutdown) starts an election at once instead of after its TTL.
            if await leaderWake.wait(timeout: tick) { lastElection = nil }
        }
        leading.store(false, ordering: .relaxed)
        if election.isLeader {
            // This task is cancelled by now (that is how the loop ended), which would cut the resignation
            // short; run it out of that cancellation so the handover NOTIFY really goes out.
            await uncancellable {
                try? await self.withBoundedConnection { connection in
                    try await QueueSQL.resign(
                        candidate: self.configuration.workerID, on: connection, logger: self.logger)
                }
            }
            emit(.leadership(false))
        }
    }

    /// Names the transaction that keeps vacuum from cleaning the jobs table, so an operator can end it.
    func warnIfHorizonHeld(_ health: QueueHealth) {
        guard let seconds = health.oldestXminSeconds, let holder = health.oldestXminHolder,
            seconds >= Double(configuration.horizonWarning.components.seconds)
        else { return }
        let due = lastHorizonWarning.withLock { last -> Bool in
            if let last, last.duration(to: .now) < .seconds(60) { return false }
            last = .now
            return true
        }
        guard due else { return }
        let pid = holder.split(separator: " ").first.map(String.init) ?? "?"
        logger.warning(
            "a transaction has held the xmin horizon for \(Int(seconds)) s: vacuum cannot remove the \(health.deadTuples) dead rows of factwire.jobs and claims slow down; end it with SELECT pg_terminate_backend(\(pid))",
            metadata: [
                "xmin_holder": "\(holder)", "xmin_age_seconds": "\(Int(seconds))", "dead_tuples": "\(health.deadTuples)"
            ]
        )
    }

    private func perform(_ action: LeaderElection.Action) async {
        do {
            try await withBoundedConnection { connection in
                switch action {
                case .stage:
                    _ = try await QueueSQL.stage(on: connection, logger: self.logger)
                case .rescue:
                    let (rescued, dead) = try await QueueSQL.rescue(
                        on: connection, events: self.configuration.events, logger: self.logger)
                    if rescued + dead > 0 {
                        QueueMetrics.rescued(rescued)
                        QueueMetrics.deadLettered(dead)
                        self.emit(.rescued(count: rescued + dead))
                        self.logger.notice(
                            "rescued jobs whose lease or deadline passed",
                            metadata: ["requeued": "\(rescued)", "dead": "\(dead)"])
                    }
                    let queue = JobQueue(client: self.client, logger: self.logger)
                    QueueMetrics.record(try await queue.stats())
                    let health = try await queue.health()
                    QueueMetrics.record(health)
                    self.warnIfHorizonHeld(health)
                case .maintainPartitions:
                    let (created, dropped) = try await QueueSQL.maintainPartitions(
                        retentionDays: self.configuration.retentionDays, on: connection, logger: self.logger)
                    if created + dropped > 0 {
                        self.logger.info(
                            "job history partitions maintained",
                            metadata: ["created": "\(created)", "dropped": "\(dropped)"])
                    }
                }
            }
        } catch is CancellationError {
            // The worker is stopping.
        } catch {
            if Task.isCancelled { return }
            logger.warning(
                "queue maintenance failed", metadata: ["action": "\(action)", "error": "\(String(reflecting: error))"])
        }
    }
}
