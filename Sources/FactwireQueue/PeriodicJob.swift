public import Foundation

/// A job enqueued on a schedule by the maintenance leader, once per tick however many workers run.
///
/// Register the same periodic jobs on every worker (``JobWorker/Configuration/periodicJobs``); only the
/// elected leader enqueues. Each tick is enqueued in one statement that also advances the job's row in
/// `factwire.periodic_jobs` past that tick, and with the unique key `periodic:<name>:<tick>`, so two
/// leaders in a handover, a restart, or clocks that disagree cannot fire a tick twice. Ticks are
/// computed from the database's clock, not the worker's.
public struct PeriodicJob: Sendable, Equatable {
    /// When it runs.
    public enum Schedule: Sendable, Equatable, CustomStringConvertible {
        /// Every `interval`, on multiples of it since the Unix epoch (so `.every(.seconds(60))` fires on the
        /// minute, whichever process leads).
        case every(Duration)
        /// At the times a cron expression names, in its time zone.
        case cron(CronExpression)

        /// The latest tick at or before `date`.
        public func latest(atOrBefore date: Date) -> Date? {
            switch self {
            case .every(let interval):
                let seconds = interval.seconds
                return Date(timeIntervalSince1970: (date.timeIntervalSince1970 / seconds).rounded(.down) * seconds)
            case .cron(let expression):
                return expression.latest(atOrBefore: date)
            }
        }

        /// The first tick after `date`.
        public func next(after date: Date) -> Date? {
            switch self {
            case .every(let interval):
                let seconds = interval.seconds
                return Date(
                    timeIntervalSince1970: ((date.timeIntervalSince1970 / seconds).rounded(.down) + 1) * seconds)
            case .cron(let expression):
                return expression.next(after: date)
            }
        }

        public var description: String {
            switch self {
            case .every(let interval): "every \(interval.seconds) s"
            case .cron(let expression): "cron \(expression)"
            }
        }
    }

    /// What to do about ticks that passed with no leader to enqueue them (every worker was down).
    public enum MissedTicks: String, Sendable, Equatable {
        /// Leave them; run again at the next tick. A tick counts as on time for half an interval after
        /// it (at least 1 s, at most a minute); after that it is missed.
        case skip
        /// Run once now for all of them together, then keep to the schedule. Never one run per missed tick.
        case runOnce = "run_once"
    }

    /// Its name: the key of its row and of its ticks' unique keys. Keep it when you change the schedule.
    public var name: String
    /// The job kind to enqueue.
    public var kind: String
    /// The arguments of every run, as JSON text.
    public var argumentsJSON: String
    /// The queue the runs go to.
    public var queue: String
    public var schedule: Schedule
    public var missed: MissedTicks
    /// Attempts per run. Default 3: a run that keeps failing gives way to the next tick.
    public var maxAttempts: Int32 = 3

    /// A periodic job. Throws ``FactwireQueueError/Code/invalidRequest`` for an empty name or kind, or an
    /// interval under a second.
    public init(
        name: String, kind: String, argumentsJSON: String = "{}", schedule: Schedule, queue: String = "default",
        missed: MissedTicks = .skip
    ) throws {
        guard (1...128).contains(name.utf8.count) else {
            throw FactwireQueueError(.invalidRequest, message: "periodic job names are 1 to 128 bytes")
        }
        guard (1...128).contains(kind.utf8.count), (1...128).contains(queue.utf8.count) else {
            throw FactwireQueueError(
                .invalidRequest, message: "periodic job '\(name)': kind and queue are 1 to 128 bytes")
        }
        if case .every(let interval) = schedule, interval < .seconds(1) {
            throw FactwireQueueError(
                .invalidRequest, message: "periodic job '\(name)': the interval must be at least 1 s; got \(interval)")
        }
        self.name = name
        self.kind = kind
        self.argumentsJSON = argumentsJSON
        self.queue = queue
        self.schedule = schedule
        self.missed = missed
    }

    /// A periodic job whose arguments are encoded from `arguments`.
    public init<Arguments: Encodable>(
        name: String, kind: String, arguments: Arguments, schedule: Schedule, queue: String = "default",
        missed: MissedTicks = .skip
    ) throws {
        let data = try JSONEncoder().encode(arguments)
        try self.init(
            name: name, kind: kind, argumentsJSON: String(decoding: data, as: UTF8.self), schedule: schedule,
            queue: queue, missed: missed)
    }

    /// What the leader does at database time `now`, given the last tick it handled (nil: never).
    enum Decision: Equatable {
        /// Nothing is due.
        case wait
        /// Enqueue a run for `tick`.
        case fire(tick: Date)
        /// Mark `tick` handled without a run (missed ticks under `.skip`, or a first registration long after
        /// the tick it would have had).
        case pass(tick: Date)
    }

    func decide(now: Date, lastTick: Date?) -> Decision {
        guard let tick = schedule.latest(atOrBefore: now) else { return .wait }
        if let lastTick, tick <= lastTick { return .wait }
        let interval = schedule.next(after: tick).map { $0.timeIntervalSince(tick) } ?? 60
        let onTime = now.timeIntervalSince(tick) <= min(max(interval / 2, 1), 60)
        if onTime { return .fire(tick: tick) }
        // Late: the tick passed with no leader to enqueue it. A first registration missed nothing.
        guard lastTick != nil else { return .pass(tick: tick) }
        return missed == .runOnce ? .fire(tick: tick) : .pass(tick: tick)
    }

    /// The unique key of the run for `tick`.
    static func uniqueKey(name: String, tick: Date) -> String {
        "periodic:\(name):\(Int64((tick.timeIntervalSince1970 * 1000).rounded()))"
    }

    /// The schedule as stored and listed.
    var scheduleText: String { schedule.description }
}

extension PeriodicJob {
    /// `KIND=SECONDS` (`factwire queue work --every`): the kind enqueued every SECONDS (at least 1) to
    /// `queue`, named after the kind. Throws ``FactwireQueueError/Code/invalidRequest`` quoting the text.
    public init(every text: String, queue: String) throws {
        let parts = text.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, let seconds = Double(parts[1]), seconds >= 1, seconds.isFinite else {
            throw FactwireQueueError(
                .invalidRequest, message: "expected KIND=SECONDS with at least 1 second; got '\(text)'")
        }
        try self.init(name: String(parts[0]), kind: String(parts[0]), schedule: .every(.seconds(seconds)), queue: queue)
    }
}
