/// A figure's period in a form SQL can group and order by: what kind of span it is, which fiscal year
/// (quarter, half) it belongs to, and its dates when they can be known. The free-text ``Fact/period``
/// stays beside it as the text said it.
public struct CanonicalPeriod: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case year, half, quarter
        case nineMonths = "nine_months"
        case month, ttm, cumulative, point
    }

    public var kind: Kind
    /// Named by the calendar year in which the fiscal year ends (FY2022 of an April–March calendar runs
    /// from April 2021 to March 2022).
    public var fiscalYear: Int?
    public var fiscalQuarter: Int?
    public var fiscalHalf: Int?
    /// First and last day (YYYY-MM-DD); nil when the year is unknown.
    public var start: String?
    public var end: String?
    /// True when the fiscal calendar is assumed to be the calendar year because the article does not
    /// state one.
    public var fiscalAssumed: Bool

    public init(
        kind: Kind, fiscalYear: Int? = nil, fiscalQuarter: Int? = nil, fiscalHalf: Int? = nil, start: String? = nil,
        end: String? = nil, fiscalAssumed: Bool
    ) {
        self.kind = kind
        self.fiscalYear = fiscalYear
        self.fiscalQuarter = fiscalQuarter
        self.fiscalHalf = fiscalHalf
        self.start = start
        self.end = end
        self.fiscalAssumed = fiscalAssumed
    }

    /// The same span one year earlier (`quarters: 4`) or one quarter earlier (`quarters: 1`): the period of
    /// a comparative ("up from $3 billion a year earlier"). nil for spans that do not shift by quarters.
    public func earlier(quarters: Int) -> CanonicalPeriod? {
        guard [.year, .half, .quarter, .nineMonths, .month].contains(kind) else { return nil }
        var prior = self
        if quarters == 4 {
            prior.fiscalYear = fiscalYear.map { $0 - 1 }
        } else {
            guard kind == .quarter, quarters == 1 else { return nil }
            if let quarter = fiscalQuarter {
                prior.fiscalQuarter = quarter == 1 ? 4 : quarter - 1
                if quarter == 1 { prior.fiscalYear = fiscalYear.map { $0 - 1 } }
            }
        }
        let months = quarters * 3
        if let start = start.flatMap(Day.init) { prior.start = start.adding(months: -months).text }
        if let end = end.flatMap(Day.init) { prior.end = end.adding(months: -months).lastOfMonth(after: 0).text }
        return prior
    }

    enum CodingKeys: String, CodingKey {
        case kind, start, end
        case fiscalYear = "fiscal_year"
        case fiscalQuarter = "fiscal_quarter"
        case fiscalHalf = "fiscal_half"
        case fiscalAssumed = "fiscal_assumed"
    }
}

/// When a company's fiscal year ends: the month, and whether the article said so.
public struct FiscalCalendar: Sendable, Equatable {
    /// 1–12; 12 for the calendar year.
    public var yearEndMonth: Int
    /// False when nothing in the text states it (the calendar year is assumed).
    public var stated: Bool

    public init(yearEndMonth: Int, stated: Bool) {
        self.yearEndMonth = yearEndMonth
        self.stated = stated
    }

    /// The calendar year, assumed.
    public static let assumed = FiscalCalendar(yearEndMonth: 12, stated: false)

    /// The first month of fiscal year `year` as (year, month).
    func start(ofFiscalYear year: Int) -> (year: Int, month: Int) {
        yearEndMonth == 12 ? (year, 1) : (year - 1, yearEndMonth + 1)
    }
}
