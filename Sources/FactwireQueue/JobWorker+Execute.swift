import FactwireCore
import Foundation
import Logging
import PostgresNIO
import Tracing

extension JobWorker {
    /// Runs one claimed job and records its outcome, fenced by its lease.
    func execute(_ job: ClaimedJob, metrics: QueueMetrics) async {
        let context = JobContext(job: job, logger: logger, mode: configuration.finishMode)
        let started = ContinuousClock.now
        metrics.pickupLatency(job.attemptedAt.timeIntervalSince(job.runAt))
        emit(.started(id: job.id, kind: job.kind, attempt: job.attempt))
        let attempt = RunningJobs.Attempt(id: job.id, lease: job.lease)
        let deadline = deadline(of: job.kind)

        let result: Result<JobOutcome, any Error>
        if let entry = registry.entries[job.kind] {
            // The handler runs on this job's own child task. To cancel just this job from outside (lost
            // lease, cancel request, deadline, shutdown), RunningJobs cancels the task through its handle
            // while holding its lock; the entry is removed under that lock before this task ends, so the
            // handle is never used after the task is gone.
            withUnsafeCurrentTask { task in
                running.add(
                    attempt,
                    .init(
                        startedAt: started, deadline: started + deadline, task: .init(task), reason: nil))
            }
            do {
                let grace = configuration.abandonGrace
                // The attempt's span continues the trace of the code that enqueued the job, if any.
                let parent =
                    tracing ? TraceMeta.context(fromMeta: job.metaJSON) ?? ServiceContext.current ?? .topLevel : nil
                result = .success(
                    try await Abandonable.run(grace: grace) {
                        guard let parent else { return try await entry.run(job, context) }
                        return try await withSpan(job.kind, context: parent, ofKind: .consumer) { span in
                            // (Only a recording span keeps attributes: a sampled-out span builds none.)
                            if span.isRecording {
                                span.attributes["messaging.system"] = "factwire"
                                span.attributes["messaging.destination.name"] = job.queue
                                span.attributes["messaging.message.id"] = "\(job.id)"
                                span.attributes["factwire.job.attempt"] = Int(job.attempt)
                            }
                            return try await entry.run(job, context)
                        }
                    })
            } catch let error as Abandonable.Abandoned {
                context.logger.warning(
                    "job handler ignored cancellation and was abandoned", metadata: ["grace": "\(error.grace)"])
                result = .failure(error)
            } catch {
                result = .failure(error)
            }
        } else {
            result = .failure(
                FactwireQueueError(
                    .unknownKind,
                    message:
                        "no handler for kind '\(job.kind)' in this worker (kinds: \(registry.kinds.joined(separator: ", ")))",
                    jobID: job.id))
            running.add(
                attempt,
                .init(startedAt: started, deadline: started + deadline, task: .init(nil), reason: nil))
        }
        let stopReason = running.remove(attempt)
        metrics.runDuration(ContinuousClock.now - started)

        do {
            let status: JobStatus?
            if stopReason == nil && !Task.isCancelled {
                status = try await record(job, result: result, stopReason: nil, context: context)
            } else {
                // This task was cancelled (a stop, or the worker itself): record out of that cancellation, so
                // the database calls are not cut short by it.
                let outcome = result
                status = try await uncancellable {
                    try await self.record(job, result: outcome, stopReason: stopReason, context: context)
                }
            }
            if let status {
                metrics.finished(status)
                emit(.finished(id: job.id, status: status))
            } else {
                lostLeases.add(1, ordering: .relaxed)
                metrics.lostLease()
                emit(.leaseLost(id: job.id))
                context.logger.notice("job result discarded: its lease was lost (the job was rescued or cancelled)")
            }
        } catch {
            // The database is unreachable: the lease will expire and the rescuer will run the job again.
            context.logger.warning(
                "could not record job outcome; it will be rescued after its lease",
                metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// How long one attempt of `kind` may run: its handler's timeout, else the worker's deadline.
    func deadline(of kind: String) -> Duration {
        registry.entries[kind]?.timeout ?? configuration.deadline
    }

    /// Writes the outcome. Returns the job's new status, or nil when the lease was lost.
    private func record(
        _ job: ClaimedJob, result: Result<JobOutcome, any Error>, stopReason: RunningJobs.StopReason?,
        context: JobContext
    ) async throws -> JobStatus? {
        switch stopReason {
        case .leaseLost:
            return nil
        case .shutdown:
            // Put it back for another worker now instead of waiting for the lease to expire.
            let released = try await withBoundedConnection { connection in
                try await QueueSQL.snooze(
                    id: job.id, lease: job.lease, delaySeconds: 0, on: connection, logger: self.logger)
            }
            if released { emit(.released(id: job.id)) }
            return released ? .available : nil
        case .cancelRequested:
            return try await finish(job, state: .cancelled, resultJSON: Self.reasonJSON("cancelled by request"))
        case .deadline:
            return try await fail(
                job, error: "deadline of \(deadline(of: job.kind)) exceeded",
                delay: registry.entries[job.kind]?.backoff(job.attempt) ?? Backoff.exponential(attempt: job.attempt))
        case nil:
            break
        }
        switch result {
        case .success(.complete(let resultJSON)):
            if context.completedInTransaction { return .completed }
            return try await finish(job, state: .completed, resultJSON: resultJSON ?? "")
        case .success(.cancel(let reason)):
            return try await finish(job, state: .cancelled, resultJSON: Self.reasonJSON(reason))
        case .success(.retry(let delay, let reason)):
            return try await fail(job, error: reason, delay: delay)
        case .success(.snooze(let delay)):
            let kept = try await withBoundedConnection { connection in
                try await QueueSQL.snooze(
                    id: job.id, lease: job.lease, delaySeconds: delay.seconds, on: connection, logger: self.logger)
            }
            return kept ? .scheduled : nil
        case .success(.discard(let reason)):
            return try await deadLetter(job, error: reason)
        case .failure(let error as FactwireQueueError) where error.code == .badArguments:
            return try await deadLetter(job, error: error.message)
        case .failure(let error as FactwireQueueError) where error.code == .leaseLost:
            return nil
        case .failure(let error):
            let delay = registry.entries[job.kind]?.backoff(job.attempt) ?? Backoff.exponential(attempt: job.attempt)
            return try await fail(job, error: Self.describe(error), delay: delay)
        }
    }

    private func finish(_ job: ClaimedJob, state: FinalState, resultJSON: String) async throws -> JobStatus? {
        let kept = try await finisher.finish(.init(id: job.id, lease: job.lease, state: state, resultJSON: resultJSON))
        return kept ? (state == .completed ? .completed : .cancelled) : nil
    }

    private func fail(_ job: ClaimedJob, error: String, delay: Duration) async throws -> JobStatus? {
        guard job.attempt < job.maxAttempts else {
            return try await deadLetter(job, error: error)
        }
        let errorJSON = Self.errorJSON(error, attempt: job.attempt)
        let kept = try await withBoundedConnection { connection in
            try await QueueSQL.retry(
                id: job.id, lease: job.lease, delaySeconds: delay.seconds, errorJSON: errorJSON, on: connection,
                logger: self.logger)
        }
        return kept ? .retryable : nil
    }

    private func deadLetter(_ job: ClaimedJob, error: String) async throws -> JobStatus? {
        let errorJSON = Self.errorJSON(error, attempt: job.attempt)
        let kept = try await withBoundedConnection { connection in
            try await QueueSQL.deadLetter(
                id: job.id, lease: job.lease, errorJSON: errorJSON, events: self.configuration.events, on: connection,
                logger: self.logger)
        }
        if kept { QueueMetrics.deadLettered(1) }
        return kept ? .discarded : nil
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            return
                "database error \(error.serverInfo?[.sqlState] ?? ""): \(error.serverInfo?[.message] ?? "\(error.code)")"
        }
        if error is CancellationError { return "cancelled" }
        return String(describing: error)
    }

    /// One element of a job's `errors`: when, at which attempt, and the message (at most 2,000 characters).
    struct AttemptError: Encodable {
        var at: String
        var attempt: Int32
        var error: String
    }

    static func errorJSON(_ message: String, attempt: Int32) -> String {
        let entry = AttemptError(
            at: ISO8601DateFormatter().string(from: Date()), attempt: attempt, error: String(message.prefix(2000)))
        return (try? JSONCoding.string(entry)) ?? "{}"
    }

    /// `{"reason": …}`: what a cancelled job's result says.
    static func reasonJSON(_ reason: String) -> String { (try? JSONCoding.string(["reason": reason])) ?? "{}" }
}
