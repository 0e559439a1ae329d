import Synchronization

/// Allows at most one wake-up per queue per interval from this process.
///
/// Every NOTIFY takes PostgreSQL's global notify lock at commit, so a busy producer must not send one
/// per job; idle workers need only one nudge per queue to start claiming, and then keep claiming while
/// they find work. The payload is only the queue name, so PostgreSQL also merges repeats inside one
/// transaction.
final class NotifyLimiter: Sendable {
    private let interval: Duration
    private let lastSent = Mutex<[String: ContinuousClock.Instant]>([:])

    init(interval: Duration) {
        self.interval = interval
    }

    /// The queues of `candidates` that may be notified now; marks them as notified.
    func admit(_ candidates: some Sequence<String>, now: ContinuousClock.Instant = .now) -> [String] {
        lastSent.withLock { sent in
            var admitted: [String] = []
            for queue in Set(candidates) {
                if let last = sent[queue], now - last < interval { continue }
                sent[queue] = now
                admitted.append(queue)
            }
            return admitted.sorted()
        }
    }
}
