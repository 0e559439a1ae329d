public import Foundation

/// A five-field cron expression (minute, hour, day of month, month, day of week) read in a time zone.
///
/// The fields take `*`, numbers, ranges (`1-5`), lists (`1,15`), steps (`*/15`, `8-18/2`), month names
/// (`jan`…`dec`) and day names (`sun`…`sat`, and 7 for Sunday), plus the macros `@hourly`, `@daily`,
/// `@midnight`, `@weekly`, `@monthly`, `@yearly` and `@annually`. As in Vixie cron, when both the day
/// of month and the day of week are restricted (neither starts with `*`), a day matching either one matches.
///
/// Local times that a daylight-saving change skips do not fire that day; a local time that happens
/// twice fires once (the first).
public struct CronExpression: Sendable, Equatable, CustomStringConvertible {
    /// The expression as written.
    public let text: String
    /// The zone its hours and days are read in.
    public let timeZone: TimeZone
    let minutes: [Int]
    let hours: [Int]
    let days: Set<Int>
    let months: Set<Int>
    /// 0 = Sunday … 6 = Saturday.
    let weekdays: Set<Int>
    let daysRestricted: Bool
    let weekdaysRestricted: Bool

    /// Parses `text`; throws ``FactwireQueueError/Code/invalidRequest`` naming the field that is wrong.
    public init(_ text: String, timeZone: TimeZone = TimeZone(identifier: "UTC")!) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let expanded: String =
            switch trimmed.lowercased() {
            case "@hourly": "0 * * * *"
            case "@daily", "@midnight": "0 0 * * *"
            case "@weekly": "0 0 * * 0"
            case "@monthly": "0 0 1 * *"
            case "@yearly", "@annually": "0 0 1 1 *"
            default: trimmed
            }
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.lowercased() }
        guard fields.count == 5 else {
            throw FactwireQueueError(
                .invalidRequest,
                message: "a cron expression has five fields (minute hour day month weekday); got '\(text)'")
        }
        self.text = trimmed
        self.timeZone = timeZone
        minutes = try Self.field(fields[0], "minute", 0...59, names: [:]).sorted()
        hours = try Self.field(fields[1], "hour", 0...23, names: [:]).sorted()
        days = try Self.field(fields[2], "day of month", 1...31, names: [:])
        months = try Self.field(fields[3], "month", 1...12, names: Self.monthNames)
        let weekdays = try Self.field(fields[4], "day of week", 0...7, names: Self.dayNames)
        self.weekdays = Set(weekdays.map { $0 % 7 })
        // As in Vixie cron, a field that starts with "*" ("*", "*/2") counts as unrestricted for the rule below.
        daysRestricted = !fields[2].hasPrefix("*")
        weekdaysRestricted = !fields[4].hasPrefix("*")
    }

    public var description: String {
        timeZone.identifier == "UTC" ? text : "\(text) (\(timeZone.identifier))"
    }

    public static func == (a: Self, b: Self) -> Bool { a.text == b.text && a.timeZone == b.timeZone }

    static let monthNames = Dictionary(
        uniqueKeysWithValues: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
            .enumerated().map { ($1, $0 + 1) })
    static let dayNames = Dictionary(
        uniqueKeysWithValues: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"].enumerated().map { ($1, $0) })

    static func field(_ text: String, _ name: String, _ bounds: ClosedRange<Int>, names: [String: Int]) throws
        -> Set<Int>
    {
        func bad(_ why: String) -> FactwireQueueError {
            FactwireQueueError(.invalidRequest, message: "cron \(name) field '\(text)': \(why)")
        }
        func value(_ s: Substring) throws -> Int {
            if let n = Int(s) {
                guard bounds.contains(n) else { throw bad("\(n) is outside \(bounds.lowerBound)-\(bounds.upperBound)") }
                return n
            }
            if let n = names[String(s)] { return n }
            throw bad("'\(s)' is not a number\(names.isEmpty ? "" : " or a name")")
        }
        var out: Set<Int> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, let range = pieces.first, !range.isEmpty else { throw bad("empty or malformed") }
            var step = 1
            if pieces.count == 2 {
                guard let s = Int(pieces[1]), s > 0 else { throw bad("the step must be a positive number") }
                step = s
            }
            let low: Int
            let high: Int
            if range == "*" {
                (low, high) = (bounds.lowerBound, bounds.upperBound)
            } else if let dash = range.firstIndex(of: "-") {
                low = try value(range[..<dash])
                high = try value(range[range.index(after: dash)...])
                guard low <= high else { throw bad("the range \(low)-\(high) runs backwards") }
            } else {
                low = try value(range)
                // "5/15" means from 5 to the end in steps of 15.
                high = pieces.count == 2 ? bounds.upperBound : low
            }
            out.formUnion(stride(from: low, through: high, by: step))
        }
        return out
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    private func matches(day: DateComponents, weekday: Int) -> Bool {
        guard let d = day.day, let m = day.month, months.contains(m) else { return false }
        let dayMatch = days.contains(d)
        let weekdayMatch = weekdays.contains(weekday)
        // Both restricted: either may match; otherwise both must (a "*" field matches every day anyway).
        return daysRestricted && weekdaysRestricted ? dayMatch || weekdayMatch : dayMatch && weekdayMatch
    }

    /// The latest time the expression names at or before `date`, searching back up to eight years.
    public func latest(atOrBefore date: Date) -> Date? { search(from: date, forward: false) }

    /// The first time the expression names after `date`, searching up to eight years ahead.
    public func next(after date: Date) -> Date? { search(from: date, forward: true) }

    private func search(from date: Date, forward: Bool) -> Date? {
        let calendar = self.calendar
        // Day by day from `date`'s local day, anchored at noon so a daylight-saving shift never skips a day.
        var dayComponents = calendar.dateComponents([.year, .month, .day], from: date)
        dayComponents.hour = 12
        guard var noon = calendar.date(from: dayComponents) else { return nil }
        // On the first day, hours on the wrong side of `date`'s own hour cannot qualify.
        var firstDayHour: Int? = calendar.component(.hour, from: date)
        for _ in 0..<(8 * 366) {
            let day = calendar.dateComponents([.year, .month, .day, .weekday], from: noon)
            if matches(day: day, weekday: (day.weekday ?? 1) - 1) {
                for hour in forward ? hours : hours.reversed() {
                    if let h = firstDayHour, forward ? hour < h : hour > h { continue }
                    for minute in forward ? minutes : minutes.reversed() {
                        var at = day
                        at.weekday = nil
                        at.hour = hour
                        at.minute = minute
                        at.second = 0
                        guard let time = calendar.date(from: at) else { continue }
                        // A local time the clock skipped comes back shifted: it does not exist that day.
                        let check = calendar.dateComponents([.hour, .minute], from: time)
                        guard check.hour == hour, check.minute == minute else { continue }
                        if forward ? time > date : time <= date { return time }
                    }
                }
            }
            firstDayHour = nil
            guard let step = calendar.date(byAdding: .day, value: forward ? 1 : -1, to: noon) else { return nil }
            var anchored = calendar.dateComponents([.year, .month, .day], from: step)
            anchored.hour = 12
            guard let next = calendar.date(from: anchored) else { return nil }
            noon = next
        }
        return nil
    }
}
