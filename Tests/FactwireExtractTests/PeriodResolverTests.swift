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

    /// The one article of the JSON document `json`, through the whole extractor.
    static func extraction(_ json: String) throws -> Extraction {
        try #require(try Extraction.extract(Array(json.utf8), mediaType: .json).first)
    }

    /// The canonical period of the extraction's fact of `value`.
    static func period(of value: Double, in extraction: Extraction) throws -> CanonicalPeriod {
        try #require(extraction.facts.first { $0.value == value }?.canonicalPeriod, "\(extraction.facts)")
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
            kind: .ttm, year: nil, part: nil, start: nil, end: nil),
        Case(
            text: "Kestrel had 12,400 employees as of March 31, 2025.", published: "2025-05-02", kind: .point,
            year: 2025, part: nil, start: "2025-03-31", end: "2025-03-31"),
        Case(
            text: "Kestrel held a 14% share of the market at the end of 2024.", published: "2025-02-02",
            kind: .point, year: 2024, part: nil, start: "2024-12-31", end: "2024-12-31"),
        Case(
            text: "The company had 3,100 staff as at 30 June.", published: "2025-08-02", kind: .point, year: 2025,
            part: nil, start: "2025-06-30", end: "2025-06-30"),
        Case(
            text: "Veltro sold 41,000 units in the first eight months of 2025.", published: "2025-09-12",
            kind: .cumulative, year: 2025, part: nil, start: "2025-01-01", end: "2025-08-31"),
        Case(
            text: "Veltro sold 30,000 units in the first six months.", published: "2025-07-20", kind: .half,
            year: 2025, part: 1, start: "2025-01-01", end: "2025-06-30"),
        Case(
            text: "Year-to-date revenue at Veltro reached $610 million.", published: "2025-10-15",
            kind: .cumulative, year: 2025, part: nil, start: "2025-01-01", end: "2025-10-15"),
        Case(
            text: "Veltro has sold 52,000 units so far this year.", published: "2025-11-03", kind: .cumulative,
            year: 2025, part: nil, start: "2025-01-01", end: "2025-11-03"),
        Case(
            text: "Veltro has sold 2.4 million units since launch.", published: "2025-11-03", kind: .cumulative,
            year: 2025, part: nil, start: nil, end: "2025-11-03"),
        Case(
            text: "Kestrel reported revenue of $2.1 billion for the year ended December 31, 2024.", published: nil,
            kind: .year, year: 2024, part: nil, start: "2024-01-01", end: "2024-12-31"),
        Case(
            text: "Kestrel's 4Q24 revenue was $2.3 billion.", published: nil, kind: .quarter, year: 2024, part: 4,
            start: "2024-10-01", end: "2024-12-31"),
        Case(
            text: "Kestrel's 3Q98 revenue was $2.3 billion.", published: nil, kind: .quarter, year: 1998, part: 3,
            start: "1998-07-01", end: "1998-09-30"),
        Case(
            text: "Kestrel's 2H24 revenue was $4.6 billion.", published: nil, kind: .half, year: 2024, part: 2,
            start: "2024-07-01", end: "2024-12-31"),
        Case(
            text: "Net income for the three months ended June 30 was $410 million.", published: "2025-07-24",
            kind: .quarter, year: 2025, part: 2, start: "2025-04-01", end: "2025-06-30"),
        Case(
            text: "Net income for the three months ended June 30 was $410 million.", published: "2025-05-02",
            kind: .quarter, year: 2024, part: 2, start: "2024-04-01", end: "2024-06-30"),
        Case(
            text: "Revenue for the quarter ended March 31, 2025 was $2.2 billion.", published: nil, kind: .quarter,
            year: 2025, part: 1, start: "2025-01-01", end: "2025-03-31"),
        Case(
            text: "Net earnings for the six-months ending June 30 reached 10.9 billion yuan.", published: "2025-08-20",
            kind: .half, year: 2025, part: 1, start: "2025-01-01", end: "2025-06-30"),
        Case(
            text: "In the first three quarters this year, revenue totaled NT$225 billion.", published: "2025-10-09",
            kind: .nineMonths, year: 2025, part: nil, start: "2025-01-01", end: "2025-09-30"),
        Case(
            text: "Net profit rose 12% to Rs 12,380 crore in the December quarter.", published: "2025-01-10",
            kind: .quarter, year: 2024, part: 4, start: "2024-10-01", end: "2024-12-31"),
        Case(
            text: "Revenue for the six-month period ended March 31, 2025 was $3 billion.", published: nil,
            kind: .half, year: 2024, part: nil, start: "2024-10-01", end: "2025-03-31")
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

    @Test("a span ending in a month that a figure is compared with is not the figure's span")
    func comparedSpan() {
        let words = "deliveries would fall 12 % compared with the three months ending september".split(separator: " ")
        #expect(PeriodResolver.monthSpan(PeriodResolver.Words(words.map(String.init))) == nil)
        let own = "deliveries in the three months ending september fell 12 %".split(separator: " ")
        #expect(PeriodResolver.monthSpan(PeriodResolver.Words(own.map(String.init)))?.months == [7, 8, 9])
    }

    @Test("'the fiscal (or business) year ending March 2026' is fiscal 2026 of an April–March year")
    func yearEndingInAMonth() throws {
        for sentence in [
            "Kestrel forecast revenue of ¥410 billion for the fiscal year ending March 2026.",
            "Kestrel forecast an operating profit of ¥410 billion for the business year to March 2026."
        ] {
            let calendar = try #require(
                PeriodResolver.statedCalendar(sentences: [sentence.lowercased().split(separator: " ").map(String.init)])
            )
            let period = try #require(try Self.resolve(sentence, published: "2025-05-14", calendar: calendar))
            #expect(period.kind == .year && period.fiscalYear == 2026, "\(sentence)")
            #expect(period.start == "2025-04-01" && period.end == "2026-03-31", "\(sentence)")
        }
    }

    @Test("'last year' that a figure is compared with is not the figure's period; 'revenue last year' is")
    func lastYearAsBaseOrPeriod() throws {
        let json = #"""
            {"title": "Larkspur Foods results", "published_at": "2025-05-14",
             "body": "Larkspur Foods said revenue rose 4% from the previous year to $4.2 billion.\n\nLarkspur Foods' operating profit last year was $610 million."}
            """#
        let extraction = try Self.extraction(json)
        let revenue = try #require(extraction.facts.first { $0.metric == .revenue })
        #expect(revenue.period == nil && revenue.canonicalPeriod == nil, "\(revenue)")
        let profit = try #require(extraction.facts.first { $0.metric == .operatingProfit })
        #expect(profit.period == "2024" && profit.canonicalPeriod?.fiscalYear == 2024)
        #expect(PeriodResolver.namesLastYear(["compared", "with", "last", "year", ",", "sales", "rose"]) == false)
        #expect(PeriodResolver.namesLastYear(["sales", "in", "the", "prior", "year", "rose"]))
    }

    @Test("through the extractor: the period a figure is compared with is not the figure's")
    func comparedPeriodIsNoPeriodOfTheFigure() throws {
        let extraction = try Self.extraction(
            #"""
            {"title": "Larkspur Foods results", "published_at": "2025-05-14",
             "body": "Larkspur Foods' revenue rose 34% from the first quarter of 2024 to $4.2 billion.\n\nLarkspur Foods' operating profit rose 12% to $610 million compared with Q1 2024."}
            """#)
        for metric in ["revenue", "operating_profit"] {
            let growth = try #require(
                extraction.facts.first { $0.metric == .growth && $0.growthOf == metric }, "\(extraction.facts)")
            // The text gives the figure no period of its own.
            #expect(growth.canonicalPeriod?.fiscalYear != 2024, "\(growth)")
        }
    }

    @Test("through the extractor: a figure with no period of its own takes the one the article last stated")
    func articlePeriodCarries() throws {
        let json = #"""
            {"title": "Pinecrest Audio results",
             "body": "Operating profit at Pinecrest Audio rose 4% to $120 million.\n\nIn the third quarter of 2025, Pinecrest Audio's revenue rose 6% to $840 million.\n\nNet income was $61 million.\n\nIts Q3 shipments reached 1.2 million units."}
            """#
        let extraction = try Self.extraction(json)
        for metric in [Fact.Metric.operatingProfit, .revenue, .netIncome, .shipments] {
            // Before any statement, the first one; after it, the last one, across paragraphs; a quarter without
            // a year takes the year the article gave it.
            let fact = try #require(extraction.facts.first { $0.metric == metric }, "\(metric)")
            #expect(fact.canonicalPeriod?.fiscalQuarter == 3 && fact.canonicalPeriod?.fiscalYear == 2025, "\(fact)")
        }
    }

    @Test(
        "through the extractor: the title and sentences without figures state the article's period; a bare year there does not"
    )
    func periodsStatedWithoutFigures() throws {
        let lead = try Self.extraction(
            #"""
            {"title": "Pinecrest Audio reports results",
             "body": "Pinecrest Audio reported its third-quarter results for 2025 on Tuesday.\n\nRevenue rose 6% to $840 million."}
            """#)
        let revenue = try #require(lead.facts.first { $0.metric == .revenue })
        #expect(revenue.canonicalPeriod?.fiscalQuarter == 3 && revenue.canonicalPeriod?.fiscalYear == 2025)
        let titled = try Self.extraction(
            #"""
            {"title": "Pinecrest Audio 1H25 net profit jumps",
             "body": "Pinecrest Audio said net profit rose 31% to $96 million."}
            """#)
        let profit = try #require(titled.facts.first { $0.metric == .netIncome })
        #expect(profit.canonicalPeriod?.fiscalHalf == 1 && profit.canonicalPeriod?.fiscalYear == 2025)
        let background = try Self.extraction(
            #"""
            {"title": "Pinecrest Audio results",
             "body": "Pinecrest Audio was founded in 1998 in Oslo.\n\nRevenue rose 6% to $840 million."}
            """#)
        let undated = try #require(background.facts.first { $0.metric == .revenue })
        #expect(undated.period == nil && undated.canonicalPeriod == nil, "\(undated)")
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

        let stated = PeriodResolver.statedCalendar(sentences: [["its", "fiscal", "year", "ending", "june", "30"]])
        #expect(stated == FiscalCalendar(yearEndMonth: 6, stated: true))
        #expect(PeriodResolver.statedCalendar(sentences: [["the", "fiscal", "year", "was", "strong"]]) == nil)
        // The article's own statement, then the company's remembered year end, then rupees, then assumed.
        #expect(PeriodResolver.calendar(stated: stated, remembered: 3, rupees: true) == stated)
        #expect(PeriodResolver.calendar(stated: nil, remembered: 9, rupees: true).yearEndMonth == 9)
        #expect(PeriodResolver.calendar(stated: nil, remembered: nil, rupees: true).yearEndMonth == 3)
        #expect(PeriodResolver.calendar(stated: nil, remembered: nil, rupees: false) == .assumed)
    }

    @Test("through the extractor: 'last year' in an article of 2025 is fiscal 2024; the period travels with the fact")
    func lastYearThroughTheExtractor() throws {
        let json = #"""
            {"title": "Larkspur Foods widens margins", "published_at": "2025-03-14",
             "body": "Larkspur Foods said revenue rose 6% to $4.2 billion last year."}
            """#
        let extraction = try Self.extraction(json)
        let revenue = try #require(extraction.facts.first { $0.metric == .revenue })
        #expect(revenue.period == "2024")
        #expect(revenue.canonicalPeriod?.fiscalYear == 2024)
        #expect(revenue.canonicalPeriod?.kind == .year)
        #expect(revenue.canonicalPeriod?.end == "2024-12-31")
    }

    @Test("without a publication date, a yearless period takes the year of the sentence's other figures")
    func sentenceYear() throws {
        let cues = PeriodResolver.Cues(words: ["revenue", "in", "q2", "was", "$", "4", "billion"])
        let q2 = try #require(
            PeriodResolver.resolve(label: "Q2", cues: cues, published: nil, calendar: .assumed, sentenceYear: 2025))
        #expect(q2.fiscalYear == 2025 && q2.start == "2025-04-01" && q2.end == "2025-06-30")
        let lastYear = PeriodResolver.Cues(words: ["up", "from", "$", "4", "billion", "last", "year"])
        let prior = try #require(
            PeriodResolver.resolve(label: nil, cues: lastYear, published: nil, calendar: .assumed, sentenceYear: 2025))
        #expect(prior.kind == .year && prior.fiscalYear == 2024 && prior.end == "2024-12-31")
        // A dated article keeps its publication date's reading.
        let dated = try #require(
            PeriodResolver.resolve(
                label: "Q2", cues: cues, published: "2024-08-01", calendar: .assumed, sentenceYear: 2025))
        #expect(dated.fiscalYear == 2024)
    }

    @Test("through the extractor: an undated article's quarter and 'last year' take the year of the sentence")
    func sentenceYearThroughTheExtractor() throws {
        let json = #"""
            {"title": "Pinecrest Audio results",
             "body": "Pinecrest Audio said revenue rose to $840 million in the fourth quarter of 2025, after $790 million in the third quarter.\n\nPinecrest Audio's operating profit was $120 million in 2025, compared with $95 million last year."}
            """#
        let extraction = try Self.extraction(json)
        let revenue = extraction.facts.filter { $0.metric == .revenue }
        let third = try #require(revenue.first { $0.value == 790e6 }?.canonicalPeriod)
        #expect(third.kind == .quarter && third.fiscalQuarter == 3 && third.fiscalYear == 2025)
        #expect(third.end == "2025-09-30")
        let profit = extraction.facts.filter { $0.metric == .operatingProfit }
        let before = try #require(profit.first { $0.value == 95e6 }?.canonicalPeriod)
        #expect(before.kind == .year && before.fiscalYear == 2024)
    }

    @Test("a comparative takes the period before its figure's: a year earlier, or the previous quarter")
    func comparatives() {
        let q3 = CanonicalPeriod(
            kind: .quarter, fiscalYear: 2025, fiscalQuarter: 3, start: "2025-07-01", end: "2025-09-30",
            fiscalAssumed: true)
        let yearBefore = q3.earlier(quarters: 4)
        #expect(yearBefore?.fiscalYear == 2024 && yearBefore?.fiscalQuarter == 3)
        #expect(yearBefore?.start == "2024-07-01" && yearBefore?.end == "2024-09-30")
        let q1 = CanonicalPeriod(
            kind: .quarter, fiscalYear: 2025, fiscalQuarter: 1, start: "2024-04-01", end: "2024-06-30",
            fiscalAssumed: false)
        let sequential = q1.earlier(quarters: 1)
        #expect(sequential?.fiscalYear == 2024 && sequential?.fiscalQuarter == 4)
        #expect(sequential?.start == "2024-01-01" && sequential?.end == "2024-03-31")
        let leap = CanonicalPeriod(
            kind: .month, fiscalYear: 2025, start: "2025-02-01", end: "2025-02-28", fiscalAssumed: true)
        #expect(leap.earlier(quarters: 4)?.end == "2024-02-29")
        #expect(CanonicalPeriod(kind: .ttm, fiscalAssumed: true).earlier(quarters: 4) == nil)
    }

    @Test("through the extractor: 'up from $X a year earlier' is the same quarter of the year before")
    func comparativeThroughTheExtractor() throws {
        let json = #"""
            {"title": "Larkspur Foods results", "published_at": "2025-11-04",
             "body": "Larkspur Foods said third-quarter revenue rose to $4.2 billion, up from $3.9 billion a year earlier."}
            """#
        let extraction = try Self.extraction(json)
        let revenue = extraction.facts.filter { $0.metric == .revenue }
        let now = try #require(revenue.first { $0.value == 4.2e9 })
        #expect(now.canonicalPeriod?.fiscalYear == 2025 && now.canonicalPeriod?.fiscalQuarter == 3)
        let before = try #require(revenue.first { $0.value == 3.9e9 })
        #expect(before.canonicalPeriod?.fiscalYear == 2024 && before.canonicalPeriod?.fiscalQuarter == 3)
        #expect(before.canonicalPeriod?.end == "2024-09-30")
    }

    @Test(
        "through the extractor: the earlier amount of 'from … to …' or 'to … from …' is the same period a year before",
        arguments: ["grew from $3.1 billion to $3.4 billion", "rose to $3.4 billion from $3.1 billion"])
    func fromToPairThroughTheExtractor(change: String) throws {
        let extraction = try Self.extraction(
            #"{"title": "Larkspur Foods results", "published_at": "2025-05-14", "body": "Larkspur Foods' revenue "#
                + change + #" in the first quarter of 2025."}"#)
        let before = try Self.period(of: 3.1e9, in: extraction)
        #expect(before.fiscalQuarter == 1 && before.fiscalYear == 2024, "\(before)")
        let now = try Self.period(of: 3.4e9, in: extraction)
        #expect(now.fiscalQuarter == 1 && now.fiscalYear == 2025, "\(now)")
    }

    @Test("through the extractor: a year written right after the earlier amount is that amount's own")
    func earlierAmountWithItsOwnYear() throws {
        let extraction = try Self.extraction(
            #"""
            {"title": "Larkspur Foods results", "published_at": "2025-05-14",
             "body": "Larkspur Foods' net profit for the year fell to $410 million from $520 million in 2024."}
            """#)
        let stated = try Self.period(of: 520e6, in: extraction)
        #expect(stated.fiscalYear == 2024, "\(stated)")
    }

    @Test("'from NT$491 billion last year' is the same quarter a year before; 'Last year, …' dates its whole sentence")
    func lastYearAfterAFigure() throws {
        let extraction = try Self.extraction(
            #"""
            {"title": "Kestrel Semiconductor results", "published_at": "2025-05-14",
             "body": "Kestrel Semiconductor reported its results for the first quarter of 2025 on Tuesday. Revenue of NT$508 billion increased 3.6 percent from NT$491 billion last year. Operating profit was NT$90 billion, against NT$80 billion in the same period last year.\n\nLast year, its net profit rose 5% to NT$190 billion."}
            """#)
        func period(_ value: Double) throws -> CanonicalPeriod { try Self.period(of: value, in: extraction) }
        let now = try period(508e9)
        #expect(now.fiscalQuarter == 1 && now.fiscalYear == 2025, "\(now)")
        let before = try period(491e9)
        #expect(before.fiscalQuarter == 1 && before.fiscalYear == 2024, "\(before)")
        #expect(try period(90e9).fiscalYear == 2025 && period(80e9).fiscalYear == 2024)
        #expect(try period(80e9).fiscalQuarter == 1)
        let lastYear = try period(190e9)
        #expect(lastYear.kind == .year && lastYear.fiscalYear == 2024, "\(lastYear)")
    }

    @Test("through the extractor: a running total keeps its own span, though the article states a quarter")
    func runningTotalIsNotTheArticlesQuarter() throws {
        let extraction = try Self.extraction(
            #"""
            {"title": "Pinecrest Audio third-quarter revenue rises", "published_at": "2025-10-09",
             "body": "Pinecrest Audio said third-quarter revenue rose 8% to NT$80 billion. In the first three quarters this year, revenue totaled NT$225 billion."}
            """#)
        let total = try Self.period(of: 225e9, in: extraction)
        #expect(total.kind == .nineMonths && total.fiscalYear == 2025 && total.end == "2025-09-30", "\(total)")
        let quarter = try Self.period(of: 80e9, in: extraction)
        #expect(quarter.kind == .quarter && quarter.fiscalQuarter == 3, "\(quarter)")
    }

    @Test("a table cell takes the period its column's heading names; a change column, the latest the headings name")
    func tableColumnPeriods() throws {
        let page = """
            Tablet makers ship fewer units

            May 5, 2026

            Kestrel Research said tablet shipments fell in the fourth quarter of 2025.

            Top Tablet Vendors, Shipments and Market Share, Fourth Quarter 2025
            Shipments are in millions of units:
            4Q24 Unit Shipments | 4Q24 Market Share | 4Q25 Unit Shipments | 4Q25 Market Share | Year-Over-Year Change | |
            Marlow | 21.4 | 28.0% | 16.1 | 24.4% | -24.8% |
            Tallis | 11.0 | 14.4% | 9.0 | 13.7% | -18.1% |

            Top Tablet Vendors, Full Year
            Shipments are in millions of units:
            2024 Unit Shipments | 2024 Market Share | 2025 Unit Shipments | 2025 Market Share | Change | |
            Marlow | 63.4 | 27.6% | 49.6 | 24.0% | -21.8% |
            Tallis | 39.8 | 17.3% | 33.4 | 16.1% | -16.1% |
            """
        let extraction = try #require(try Extraction.extract(Array(page.utf8), mediaType: .plainText).first)
        func period(_ metric: Fact.Metric, _ value: Double) -> String? {
            extraction.facts.first { $0.company == "Marlow" && $0.metric == metric && abs($0.value - value) < 1e-6 }?
                .period
        }
        #expect(period(.shipments, 21.4e6) == "Q4 2024", "\(extraction.facts.map { ($0.value, $0.period) })")
        #expect(period(.marketShare, 0.28) == "Q4 2024")
        #expect(period(.shipments, 16.1e6) == "Q4 2025")
        #expect(period(.marketShare, 0.244) == "Q4 2025")
        #expect(period(.growth, -0.248) == "Q4 2025")
        #expect(period(.shipments, 63.4e6) == "2024")
        #expect(period(.shipments, 49.6e6) == "2025")
        #expect(period(.growth, -0.218) == "2025")
    }

    @Test("a year end stated in the text is reported for the article's company; a remembered one places later quarters")
    func rememberedYearEnd() throws {
        let stating = #"""
            {"title": "Kestrel Motors results", "published_at": "2025-05-10",
             "body": "Kestrel Motors, whose fiscal year ends in March, said revenue for the year rose 5% to $20 billion."}
            """#
        let first = try #require(try Extraction.extract(Array(stating.utf8), mediaType: .json).first)
        #expect(first.fiscalYearEnd == Extraction.FiscalYearEnd(company: "Kestrel Motors", month: 3))
        let later = #"""
            {"title": "Kestrel Motors quarter", "published_at": "2025-08-01",
             "body": "Kestrel Motors reported first-quarter revenue of $5.1 billion."}
            """#
        let plain = try #require(try Extraction.extract(Array(later.utf8), mediaType: .json).first)
        #expect(plain.facts.first?.canonicalPeriod?.fiscalYear == 2025)
        #expect(plain.facts.first?.canonicalPeriod?.fiscalAssumed == true)
        let remembered = try #require(
            try Extraction.extract(
                Array(later.utf8), mediaType: .json, model: FactModel.shipped, rememberedYearEnds: ["Kestrel Motors": 3]
            ).first)
        let period = try #require(remembered.facts.first?.canonicalPeriod)
        #expect(period.fiscalYear == 2026 && period.fiscalQuarter == 1 && !period.fiscalAssumed)
        #expect(period.start == "2025-04-01" && period.end == "2025-06-30")
    }
}
