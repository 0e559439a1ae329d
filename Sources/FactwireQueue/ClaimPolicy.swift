/// When a queue's producer claims, and how many: a pure state machine the producer executes.
///
/// - Free slots and nothing known: claim them all in one statement.
/// - A full batch came back: more may be waiting, so claim again as soon as a slot frees.
/// - Some jobs came back: linger briefly and claim again (a wake-up the enqueuer's rate limiter
///   suppressed is covered this way), until a claim comes back empty.
/// - Nothing came back, or no slot is free: sleep until woken or the poll interval passes.
struct ClaimPolicy: Sendable, Equatable {
    enum Next: Sendable, Equatable {
        case claim(Int)
        case wait(Duration)
    }

    let concurrency: Int
    let linger: Duration
    private var lastClaim: (requested: Int, got: Int)?

    init(concurrency: Int, linger: Duration) {
        self.concurrency = concurrency
        self.linger = linger
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.concurrency == rhs.concurrency && lhs.linger == rhs.linger
            && lhs.lastClaim?.requested == rhs.lastClaim?.requested
            && lhs.lastClaim?.got == rhs.lastClaim?.got
    }

    /// What to do now, with `inFlight` jobs running and the listener's current poll interval.
    mutating func next(inFlight: Int, pollInterval: Duration) -> Next {
        let free = concurrency - inFlight
        switch lastClaim {
        case nil:
            guard free > 0 else { return .wait(pollInterval) }
            return .claim(free)
        case (let requested, let got)? where got == requested && got > 0:
            // Full batch: claim as soon as any slot is free; otherwise a finishing job wakes us.
            lastClaim = nil
            return free > 0 ? .claim(free) : .wait(.seconds(60))
        case (_, let got)? where got > 0:
            lastClaim = nil
            return .wait(linger)
        default:
            lastClaim = nil
            return .wait(pollInterval)
        }
    }

    /// A claim asked for `requested` jobs and got `got`.
    mutating func claimed(requested: Int, got: Int) {
        lastClaim = (requested, got)
    }
}
