import Synchronization

/// The jobs this process is running: for lease extension, cancel requests and deadlines.
///
/// Entries are keyed by attempt, a job id with its lease token, not by job id alone: when a job whose
/// lease expired is claimed again by this same process while the stale attempt is still unwinding, the
/// stale attempt's cleanup must not remove the new attempt's entry (which would stop its lease renewal).
final class RunningJobs: Sendable {
    /// One attempt at a job: its id and the lease token of that claim.
    struct Attempt: Hashable, Sendable {
        var id: Int64
        var lease: Int64
    }

    /// Why a running job's Task was cancelled from outside.
    enum StopReason: Sendable, Equatable {
        case leaseLost, cancelRequested, deadline, shutdown
    }

    struct Entry: Sendable {
        var startedAt: ContinuousClock.Instant
        var deadline: ContinuousClock.Instant
        var task: TaskHandle
        var reason: StopReason?
    }

    private let entries = Mutex<[Attempt: Entry]>([:])

    func add(_ attempt: Attempt, _ entry: Entry) {
        entries.withLock { $0[attempt] = entry }
    }

    /// Removes the attempt and returns why it was stopped, if it was.
    func remove(_ attempt: Attempt) -> StopReason? {
        entries.withLock { $0.removeValue(forKey: attempt)?.reason }
    }

    /// The job's task, for cancelling it from outside. Only used under the lock, while the entry exists
    /// (the job's task removes its entry before it ends).
    struct TaskHandle: @unchecked Sendable {
        let task: UnsafeCurrentTask?
        init(_ task: UnsafeCurrentTask?) { self.task = task }
    }

    /// Cancels the job's task with `reason` (the first reason wins). Returns false if it is not running here.
    @discardableResult
    func stop(_ attempt: Attempt, reason: StopReason) -> Bool {
        entries.withLock { entries -> Bool in
            guard var entry = entries[attempt] else { return false }
            if entry.reason == nil { entry.reason = reason }
            entries[attempt] = entry
            entry.task.task?.cancel()
            return true
        }
    }

    /// Stops every attempt at job `id` (a cancel request names the job, not an attempt).
    @discardableResult
    func stop(jobID id: Int64, reason: StopReason) -> Bool {
        let attempts = entries.withLock { $0.keys.filter { $0.id == id } }
        return attempts.reduce(false) { stop($1, reason: reason) || $0 }
    }

    /// Stops every job with `reason`.
    func stopAll(reason: StopReason) {
        for attempt in entries.withLock({ Array($0.keys) }) { stop(attempt, reason: reason) }
    }

    /// Attempts running for longer than `age`.
    func running(longerThan age: Duration, now: ContinuousClock.Instant) -> [Attempt] {
        entries.withLock { entries in
            entries.compactMap { attempt, entry in now - entry.startedAt >= age ? attempt : nil }
        }
    }

    /// Attempts past their deadline.
    func overdue(now: ContinuousClock.Instant) -> [Attempt] {
        entries.withLock { entries in
            entries.compactMap { attempt, entry in entry.deadline <= now && entry.reason == nil ? attempt : nil }
        }
    }

    var count: Int { entries.withLock { $0.count } }
}
