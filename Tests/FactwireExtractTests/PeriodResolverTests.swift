import Foundation
import Testing

@testable import FactwireExtract

/// Canonical periods: a table of phrasings written for the project, read through the real sentence
/// reader, and the whole path through the extractor.
@Suite("Canonical periods")
struct PeriodResolverTests {
    /// The period of the first sentence of `text`, as the extractor reads its label and words.
    static func resolve(
        _ text: String, published: String?, calendar: FiscalCalendar = .assumed
    ) throws -> CanonicalPeriod? {
        let context = FactExtractor(model: nil).context(for: PlainTextNormalizer().normalize(text))
        let reading = try #require(context.sentences.first).reading
        return PeriodResolver.resolve(
            label: reading.period(), words: reading.words, published: published, calendar: calendar)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var published: String?
        var kind: CanonicalPeriod.Kind
        var year: Int?
        var part: Int?
        var start: String?
        var end: String?
        var testDescription: String { text }
    }

    static let calendarCases: [Case] = [
        Case(
            text: "Kestrel's revenue rose 4% to $2.1 billion in the third quarter of 2025.", published: "2025-11-04",
            kind: .quarter, year: 2025, part: 3, start: "2025-07-01", end: "2025-09-30"),
        Case(
            text: "Kestrel's Q3 revenue rose 4% to $2.1 billion.", published: "2025-11-04", kind: .quarter,
            year: 2025, part: 3, start: "2025-07-01", end: "2025-09-30"),
        Case(
            text: "Kestrel expects Q4 revenue of about $2.3 billion.", published: "2025-11-04", kind: .quarter,
            year: 2025, part: 4, start: "2025-10-01", end: "2025-12-31"),
        Case(
            text: "Kestrel's Q4 revenue was $2.3 billion.", published: "2026-02-10", kind: .quarter, year: 2025,
            part: 4, start: "2025-10-01", end: "2025-12-31"),
        Case(
            text: "Revenue in the April-June period rose 6% to 900 million euros.", published: "2025-08-01",
            kind: .quarter, year: 2025, part: 2, start: "2025-04-01", end: "2025-06-30"),
        Case(
            text: "Revenue for the first half of 2024 was $5 billion.", published: "2024-08-01", kind: .half,
            year: 2024, part: 1, start: "2024-01-01", end: "2024-06-30"),
        Case(
            text: "Revenue for fiscal 2024 was $5 billion.", published: nil, kind: .year, year: 2024, part: nil,
            start: "2024-01-01", end: "2024-12-31"),
        Case(
            text: "Revenue for the first nine months of 2024 reached $7 billion.", published: nil,
            kind: .nineMonths, year: 2024, part: nil, start: "2024-01-01", end: "2024-09-30"),
        Case(
            text: "Sales in March rose 3% to 120,000 units.", published: "2024-04-09", kind: .month, year: 2024,
            part: nil, start: "2024-03-01", end: "2024-03-31"),
        Case(
            text: "Kestrel's Q3 revenue rose 4% to $2.1 billion.", published: nil, kind: .quarter, year: nil,
            part: 3, start: nil, end: nil),
        Case(
            text: "Revenue over the trailing twelve months reached $9 billion.", published: "2024-04-09",
            kind: .ttm, year: nil, part: nil, start: nil, end: nil)
    ]

    @Test("calendar-year phrasings", arguments: calendarCases)
    func calendarYear(_ c: Case) throws {
        let period = try #require(try Self.resolve(c.text, published: c.published))
        #expect(period.kind == c.kind)
        #expect(period.fiscalYear == c.year)
        #expect((period.fiscalQuarter ?? period.fiscalHalf) == c.part)
        #expect(period.start == c.start)
        #expect(period.end == c.end)
        #expect(period.fiscalAssumed)
    }

    @Test("a sentence with no period gives none")
    func noPeriod() throws {
        #expect(try Self.resolve("Kestrel makes ovens in Turin.", published: "2024-04-09") == nil)
    }

    @Test("an April–March year: Q1 FY22 is April–June 2021, and a stated year end is found and not assumed")
    func aprilToMarch() throws {
        let india = FiscalCalendar(yearEndMonth: 3, stated: true)
        let q1 = try #require(
            try Self.resolve("Q1 FY22 revenue rose 8% to Rs 1,200 crore.", published: nil, calendar: india))
        #expect(q1.kind == .quarter && q1.fiscalQuarter == 1 && q1.fiscalYear == 2022 && !q1.fiscalAssumed)
        #expect(q1.start == "2021-04-01" && q1.end == "2021-06-30")
        let dated = try #require(
            try Self.resolve(
                "Revenue in the first quarter rose 8% to Rs 1,200 crore.", published: "2021-07-20", calendar: india))
        #expect(dated.fiscalYear == 2022 && dated.fiscalQuarter == 1)
        #expect(dated.start == "2021-04-01" && dated.end == "2021-06-30")
        let year = try #require(
            try Self.resolve("Revenue for fiscal 2022 was Rs 5,000 crore.", published: nil, calendar: india))
        #expect(year.start == "2021-04-01" && year.end == "2022-03-31")
        let months = try #require(
            try Self.resolve(
                "Revenue in the October-December quarter rose 5%.", published: "2022-01-25", calendar: india))
        #expect(months.fiscalYear == 2022 && months.fiscalQuarter == 3)

        let stated = PeriodResolver.calendar(
            sentences: [["its", "fiscal", "year", "ending", "june", "30"]], currencies: ["USD"])
        #expect(stated == FiscalCalendar(yearEndMonth: 6, stated: true))
        #expect(PeriodResolver.calendar(sentences: [], currencies: ["INR"]).yearEndMonth == 3)
        #expect(PeriodResolver.calendar(sentences: [], currencies: ["USD"]) == .assumed)
    }

    @Test("through the extractor: 'last year' in an article of 2025 is fiscal 2024; the period travels with the fact")
    func lastYearThroughTheExtractor() throws {
        let json = #"""
            {"title": "Larkspur Foods widens margins", "published_at": "2025-03-14",
             "body": "Larkspur Foods said revenue rose 6% to $4.2 billion last year."}
            """#
        let extraction = try #require(try Extraction.extract(Array(json.utf8), mediaType: .json).first)
        let revenue = try #require(extraction.facts.first { $0.metric == .revenue })
        #expect(revenue.period == "2024")
        #expect(revenue.canonicalPeriod?.fiscalYear == 2024)
        #expect(revenue.canonicalPeriod?.kind == .year)
        #expect(revenue.canonicalPeriod?.end == "2024-12-31")
    }
}
