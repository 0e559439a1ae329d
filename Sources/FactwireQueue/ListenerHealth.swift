/// Whether this process's LISTEN connection can be trusted, and so how often to poll.
///
/// A pure state machine (no I/O): the listener reports what happened, and asks it what to do.
/// Healthy means connected and the last self-ping came back; then wake-ups arrive by NOTIFY and the
/// backstop poll is slow. Anything else polls fast and reconnects with growing backoff.
struct ListenerHealth: Sendable, Equatable {
    enum State: Sendable, Equatable {
        case disconnected(failures: Int)
        case connected(pingOutstanding: UInt64?, sentAt: ContinuousClock.Instant?)
    }

    private(set) var state: State = .disconnected(failures: 0)
    private(set) var sessions = 0
    private var nextNonce: UInt64 = 1
    let healthyPoll: Duration
    let unhealthyPoll: Duration
    let pingTimeout: Duration

    init(healthyPoll: Duration, unhealthyPoll: Duration, pingTimeout: Duration) {
        self.healthyPoll = healthyPoll
        self.unhealthyPoll = unhealthyPoll
        self.pingTimeout = pingTimeout
    }

    var isHealthy: Bool {
        if case .connected = state { return true }
        return false
    }

    /// How long producers may sleep between polls.
    var pollInterval: Duration { isHealthy ? healthyPoll : unhealthyPoll }

    /// A LISTEN session started. Producers must fetch at once: notifications sent while we were away are lost.
    mutating func connected() {
        sessions += 1
        state = .connected(pingOutstanding: nil, sentAt: nil)
    }

    /// The session ended or failed. Returns how long to wait before reconnecting.
    mutating func disconnected() -> Duration {
        let failures: Int
        if case .disconnected(let previous) = state { failures = previous + 1 } else { failures = 1 }
        state = .disconnected(failures: failures)
        let milliseconds = min(100 * (1 << min(failures - 1, 6)), 5_000)
        return .milliseconds(milliseconds)
    }

    /// A self-ping is due: returns its nonce, or nil when one is still outstanding or we are disconnected.
    mutating func pingDue(now: ContinuousClock.Instant) -> UInt64? {
        guard case .connected(let outstanding, _) = state, outstanding == nil else { return nil }
        let nonce = nextNonce
        nextNonce += 1
        state = .connected(pingOutstanding: nonce, sentAt: now)
        return nonce
    }

    /// A ping came back over LISTEN.
    mutating func pingReceived(_ nonce: UInt64) {
        guard case .connected(let outstanding, _) = state, outstanding == nonce else { return }
        state = .connected(pingOutstanding: nil, sentAt: nil)
    }

    /// True when the outstanding ping is overdue: the connection is silently broken, reconnect.
    func pingOverdue(now: ContinuousClock.Instant) -> Bool {
        guard case .connected(.some, let sentAt?) = state else { return false }
        return now - sentAt > pingTimeout
    }
}
