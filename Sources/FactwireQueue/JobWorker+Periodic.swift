import Foundation
import Logging
import PostgresNIO

extension JobWorker {
    /// While this worker leads, enqueues the periodic jobs' ticks as they come due (database time), sleeping
    /// until the next one. Registers the schedules each time it becomes leader, so a schedule changed
    /// between deploys takes effect at the next tick.
    func schedulePeriodicJobs() async {
        let jobs = configuration.periodicJobs
        guard !jobs.isEmpty else { return }
        var registered = false
        while !Task.isCancelled {
            guard leading.load(ordering: .relaxed) else {
                registered = false
                try? await Task.sleep(for: .milliseconds(100))
                continue
            }
            do {
                let mustRegister = !registered
                let wait = try await withBoundedConnection { connection in
                    if mustRegister {
                        try await QueueSQL.register(
                            jobs, by: self.configuration.workerID, on: connection, logger: self.logger)
                    }
                    return try await self.fireDueTicks(jobs, on: connection)
                }
                registered = true
                // Wake a little after the next tick (sleeping is never exact), at least once a second to see
                // whether this worker still leads.
                try? await Task.sleep(for: min(wait, .seconds(1)) + .milliseconds(5))
            } catch {
                if Task.isCancelled { return }
                logger.warning("periodic jobs: could not enqueue", metadata: ["error": "\(String(reflecting: error))"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Handles every due tick; returns how long until the next one.
    private func fireDueTicks(_ jobs: [PeriodicJob], on connection: PostgresConnection) async throws -> Duration {
        let (now, lastTicks) = try await QueueSQL.periodicState(names: jobs.map(\.name), on: connection, logger: logger)
        var soonest = Duration.seconds(60)
        for job in jobs {
            let decision = job.decide(now: now, lastTick: lastTicks[job.name])
            switch decision {
            case .wait:
                break
            case .fire(let tick), .pass(let tick):
                let run = decision == .fire(tick: tick)
                let id = try await QueueSQL.advance(
                    job, tick: tick, next: job.schedule.next(after: tick), run: run, on: connection, logger: logger)
                if let id {
                    emit(.periodicEnqueued(name: job.name, id: id))
                    logger.debug("periodic job enqueued", metadata: ["periodic": "\(job.name)", "job.id": "\(id)"])
                } else if !run {
                    logger.notice(
                        "periodic job: tick not run (it passed while no worker led, or before the job was registered)",
                        metadata: ["periodic": "\(job.name)", "tick": "\(tick)", "missed": "\(job.missed.rawValue)"])
                }
            }
            if let next = job.schedule.next(after: now) {
                soonest = min(soonest, .seconds(max(0, next.timeIntervalSince(now))))
            }
        }
        return soonest
    }
}
