/// What a handler decided about its job.
public enum JobOutcome: Sendable, Equatable {
    /// Done. `resultJSON` (small JSON) is kept in the history and sent with the event.
    case complete(resultJSON: String? = nil)
    /// Try again after `delay`, recording `reason`; dead-lettered once attempts run out.
    case retry(after: Duration, reason: String)
    /// Not now: run again after `delay`, without using up an attempt.
    case snooze(Duration)
    /// Never run again: dead-letter with `reason` (bad input that no retry can fix).
    case discard(reason: String)
    /// Stop: record the job as cancelled.
    case cancel(reason: String)
}
