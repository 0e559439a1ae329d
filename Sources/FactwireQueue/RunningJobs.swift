import Synchronization

/// The jobs this process is running: for lease extension, cancel requests and deadlines.
final class RunningJobs: Sendable {
    /// Why a running job's Task was cancelled from outside.
    enum StopReason: Sendable, Equatable {
        case leaseLost, cancelRequested, deadline, shutdown
    }

    struct Entry: Sendable {
        var lease: Int64
        var startedAt: ContinuousClock.Instant
        var deadline: ContinuousClock.Instant
        var task: TaskHandle
        var reason: StopReason?
    }

    private let entries = Mutex<[Int64: Entry]>([:])

    func add(id: Int64, _ entry: Entry) {
        entries.withLock { $0[id] = entry }
    }

    /// Removes the job and returns why it was stopped, if it was.
    func remove(id: Int64) -> StopReason? {
        entries.withLock { $0.removeValue(forKey: id)?.reason }
    }

    /// The job's task, for cancelling it from outside. Only used under the lock, while the entry exists
    /// (the job's task removes its entry before it ends).
    struct TaskHandle: @unchecked Sendable {
        let task: UnsafeCurrentTask?
        init(_ task: UnsafeCurrentTask?) { self.task = task }
    }

    /// Cancels the job's task with `reason` (the first reason wins). Returns false if it is not running here.
    @discardableResult
    func stop(id: Int64, reason: StopReason) -> Bool {
        entries.withLock { entries -> Bool in
            guard var entry = entries[id] else { return false }
            if entry.reason == nil { entry.reason = reason }
            entries[id] = entry
            entry.task.task?.cancel()
            return true
        }
    }

    /// Stops every job with `reason`.
    func stopAll(reason: StopReason) {
        for id in entries.withLock({ Array($0.keys) }) { stop(id: id, reason: reason) }
    }

    /// Jobs running for longer than `age`, with their leases.
    func running(longerThan age: Duration, now: ContinuousClock.Instant) -> [(id: Int64, lease: Int64)] {
        entries.withLock { entries in
            entries.compactMap { id, entry in now - entry.startedAt >= age ? (id, entry.lease) : nil }
        }
    }

    /// Jobs past their deadline.
    func overdue(now: ContinuousClock.Instant) -> [Int64] {
        entries.withLock { entries in entries.compactMap { id, entry in entry.deadline <= now && entry.reason == nil ? id : nil } }
    }

    var count: Int { entries.withLock { $0.count } }
}
