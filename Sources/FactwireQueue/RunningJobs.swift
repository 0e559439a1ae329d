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
        var cancel: @Sendable () -> Void
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

    /// Cancels the job's Task with `reason` (the first reason wins). Returns false if it is not running here.
    @discardableResult
    func stop(id: Int64, reason: StopReason) -> Bool {
        let cancel = entries.withLock { entries -> (@Sendable () -> Void)? in
            guard var entry = entries[id] else { return nil }
            if entry.reason == nil { entry.reason = reason }
            entries[id] = entry
            return entry.cancel
        }
        cancel?()
        return cancel != nil
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
