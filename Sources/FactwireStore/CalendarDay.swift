/// A day written as `YYYY-MM-DD` that exists in the calendar, as user input (query parameters, CLI
/// options) must be before it reaches a `::date` cast: PostgreSQL refuses 2024-02-30 with an error, and
/// the user deserves a clear "that date does not exist" instead.
public enum CalendarDay {
    /// Whether `text` is `YYYY-MM-DD` with a year 1900…2200 and a day its month has (leap years counted).
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1900...2200).contains(year), (1...12).contains(month), day >= 1
        else { return false }
        return day <= days(inMonth: month, of: year)
    }

    /// Days in `month` (1…12) of `year`.
    public static func days(inMonth month: Int, of year: Int) -> Int {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }
}
