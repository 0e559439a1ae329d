/// Turns a figure's period as the text gives it ("Q3", "FY2024", "the April-June period", "the first
/// nine months", "last year" once ``FactModel`` has made it a year) into a ``CanonicalPeriod``.
///
/// A period without a year takes the latest such period that had begun by the article's publication
/// date: results are published after the quarter they report, and outlooks during it. Without a
/// publication date it takes the year of the sentence's other figures when the caller gives one
/// (`sentenceYear`); else the year stays unknown, and so do the dates.
public enum PeriodResolver {
    static let months: [String: Int] = [
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
        "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
        "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12
    ]

    /// The month a word names ("march", "mar"), nil for any other word; most words are turned away by their
    /// length or first letter without hashing.
    static func month(_ word: some StringProtocol) -> Int? {
        let utf8 = word.utf8
        guard (3...9).contains(utf8.count), let first = utf8.first,
            first == 106 || first == 102 || first == 109 || first == 97 || first == 115 || first == 111
                || first == 110 || first == 100
        else { return nil }
        return months[String(word)]
    }

    /// A sentence's lower-cased words with the set of them, so that "does it say X" is a lookup.
    struct Words: RandomAccessCollection {
        let list: [String]
        let present: WordSet

        init(_ list: [String]) {
            self.list = list
            present = WordSet(list)
        }

        var startIndex: Int { 0 }
        var endIndex: Int { list.count }
        subscript(position: Int) -> String { list[position] }
        func contains(_ word: String) -> Bool { present.contains(word) }
    }

    /// The fiscal calendar an article's text states: "fiscal year ending March 31", "the financial year
    /// ended June 30", "fiscal year that ends in September"; nil when it states none.
    public static func statedCalendar(sentences: [[String]]) -> FiscalCalendar? {
        for words in sentences {
            for k in words.indices where words[k] == "fiscal" || words[k] == "financial" || words[k] == "business" {
                var j = k + 1
                if j < words.count, words[j] == "year" { j += 1 } else { continue }
                if j < words.count, words[j] == "that" || words[j] == "which" { j += 1 }
                guard j < words.count, ["ending", "ended", "ends", "end", "to", "through"].contains(words[j]) else {
                    continue
                }
                j += 1
                if j < words.count, words[j] == "in" || words[j] == "on" { j += 1 }
                if j < words.count, let month = month(words[j]) {
                    return FiscalCalendar(yearEndMonth: month, stated: true)
                }
            }
        }
        return nil
    }

    /// The calendar a figure's period is placed in: the one its article states; else the year end its
    /// company stated in an earlier article (`remembered`); else India's April–March year for figures in
    /// rupees (`rupees`: the article's figures are in INR); else the calendar year, assumed.
    public static func calendar(stated: FiscalCalendar?, remembered: Int?, rupees: Bool) -> FiscalCalendar {
        if let stated { return stated }
        if let remembered { return FiscalCalendar(yearEndMonth: remembered, stated: true) }
        if rupees { return FiscalCalendar(yearEndMonth: 3, stated: true) }
        return .assumed
    }

    /// What a sentence says about periods, read once for all of its figures: a sentence of a flattened
    /// table can hold thousands of figures, and reading its words again for each would be quadratic.
    public struct Cues: Sendable {
        var monthSpan: [Int]?
        /// The span is one that "ended" in its last month: over by the time the article was written.
        var monthSpanEnded = false
        var nineMonths: Bool
        var trailing: Bool
        var point: PointMention?
        var month: Int?
        var thisYear: Bool
        var lastYear: Bool
        var runningTotal: RunningTotal?
        var shortFiscalYear: Int?
        var year: Int?
        /// How far back the sentence's comparison looks, in quarters (``comparison(_:)``).
        public var comparison: Int?

        /// Reads `words` (lower-cased).
        public init(words list: [String]) {
            // Each word is hashed once here; the checks below ask the set before they scan.
            let words = Words(list)
            if let (months, ended) = PeriodResolver.monthSpan(words) { (monthSpan, monthSpanEnded) = (months, ended) }
            nineMonths = PeriodResolver.mentionsNineMonths(words)
            trailing = PeriodResolver.mentionsTrailingYear(words)
            point = PeriodResolver.pointMention(words)
            month = PeriodResolver.monthMention(words)
            thisYear = PeriodResolver.hasPair(words, "this", "year")
            lastYear = words.contains("year") && PeriodResolver.namesLastYear(list)
            runningTotal = PeriodResolver.runningTotal(words)
            shortFiscalYear = PeriodResolver.shortFiscalYear(words)
            year = PeriodResolver.yearIn(words)
            comparison = PeriodResolver.comparison(words)
        }
    }

    /// The canonical period of a figure whose period label is `label` (as ``SentenceReading/period()``
    /// writes it: "Q3 2019", "Q3", "H1", "FY2024", "2022"), in a sentence of `words` (lower-cased), in an
    /// article published on `published` (YYYY-MM-DD). nil when neither the label nor the sentence says.
    public static func resolve(
        label: String?, words: [String], published: String?, calendar: FiscalCalendar
    ) -> CanonicalPeriod? {
        resolve(label: label, cues: Cues(words: words), published: published, calendar: calendar)
    }

    /// ``resolve(label:words:published:calendar:)`` with the sentence read already. `sentenceYear` is the
    /// fiscal year of the sentence's other figures, for an article without a publication date: "revenue
    /// of $5 billion in Q3 2025, and $4.6 billion in Q2" places Q2 in fiscal 2025, and "last year" in
    /// the same sentence is fiscal 2024.
    public static func resolve(
        label: String?, cues: Cues, published: String?, calendar: FiscalCalendar, sentenceYear: Int? = nil
    ) -> CanonicalPeriod? {
        let publishedDay = published.flatMap(Day.init)
        var period = CanonicalPeriod(kind: .year, fiscalAssumed: !calendar.stated)
        let parsed = label.flatMap(Label.init)
        let statedYear = parsed?.year ?? cues.shortFiscalYear ?? cues.year
        /// The calendar year in which `month` of fiscal year `sentenceYear` falls.
        func calendarYear(ofMonth month: Int) -> Int? {
            sentenceYear.map { calendar.yearEndMonth == 12 || month <= calendar.yearEndMonth ? $0 : $0 - 1 }
        }
        if let span = cues.monthSpan {
            // "the April-June period": calendar months, placed in the fiscal calendar. A span that "ended" in its
            // last month is over: the year it ended in is the stated one, else the latest by publication.
            let crossesYear = span[0] > span[span.count - 1] ? 1 : 0
            let year =
                cues.monthSpanEnded
                ? (statedYear ?? publishedDay.map { latestYear(endingMonth: span[span.count - 1], before: $0) })
                    .map { $0 - crossesYear }
                : statedYear ?? publishedDay.map { latestYear(startingMonth: span[0], before: $0) }
                    ?? calendarYear(ofMonth: span[0])
            return placed(months: span, calendarYear: year, calendar: calendar, assumed: !calendar.stated)
        }
        var namesPart = false
        if case .quarter? = parsed?.kind { namesPart = true }
        if case .half? = parsed?.kind { namesPart = true }
        // "as of March 31, 2025", "at the end of 2024": a level on one day, not a flow over a span (unless the
        // sentence names a quarter or half, whose figures are flows).
        if !namesPart, let mention = cues.point, let day = mention.day(published: publishedDay, calendar: calendar) {
            period.kind = .point
            (period.start, period.end) = (day.text, day.text)
            period.fiscalYear = fiscalYear(containing: day, calendar)
            return period
        }
        if cues.nineMonths {
            period.kind = .nineMonths
            period.fiscalYear =
                statedYear ?? publishedDay.map { latestFiscalYear(offset: 0, calendar, before: $0) } ?? sentenceYear
            if let year = period.fiscalYear { period.setDates(calendar, fiscalYear: year, offset: 0, length: 9) }
            return period
        }
        if !namesPart, let total = cues.runningTotal {
            return running(
                total, statedYear: statedYear, published: publishedDay, calendar: calendar,
                sentenceYear: sentenceYear)
        }
        if cues.trailing {
            period.kind = .ttm
            return period
        }
        guard let parsed else {
            if let month = cues.month {
                period.kind = .month
                let calendarYear =
                    statedYear ?? publishedDay.map { latestYear(startingMonth: month, before: $0) }
                    ?? calendarYear(ofMonth: month)
                if let calendarYear {
                    let start = Day(year: calendarYear, month: month, day: 1)
                    period.start = start.text
                    period.end = start.lastOfMonth(after: 0).text
                    period.fiscalYear = fiscalYear(containing: start, calendar)
                }
                return period
            }
            if cues.thisYear, let day = publishedDay {
                let year = fiscalYear(containing: day, calendar)
                period.fiscalYear = year
                period.setDates(calendar, fiscalYear: year, offset: 0, length: 12)
                return period
            }
            if let sentenceYear, cues.thisYear || cues.lastYear {
                let year = cues.lastYear ? sentenceYear - 1 : sentenceYear
                period.fiscalYear = year
                period.setDates(calendar, fiscalYear: year, offset: 0, length: 12)
                return period
            }
            return nil
        }
        // A quarter or half: the n-th part of `length` months of its fiscal year.
        let part: (n: Int, length: Int)
        switch parsed.kind {
        case .quarter(let n):
            (period.kind, period.fiscalQuarter, part) = (.quarter, n, (n, 3))
        case .half(let n):
            (period.kind, period.fiscalHalf, part) = (.half, n, (n, 6))
        case .year:
            period.fiscalYear = parsed.year
            if let year = parsed.year { period.setDates(calendar, fiscalYear: year, offset: 0, length: 12) }
            return period
        }
        let offset = part.length * (part.n - 1)
        period.fiscalYear =
            parsed.year ?? cues.shortFiscalYear
            ?? publishedDay.map { latestFiscalYear(offset: offset, calendar, before: $0) } ?? sentenceYear
        if let year = period.fiscalYear {
            period.setDates(calendar, fiscalYear: year, offset: offset, length: part.length)
        }
        return period
    }

    /// A running total: "the first eight months" or "the first three quarters" (from the fiscal year's start), "year
    /// to date", "so far
    /// this year", or "to date", "cumulative", "since launch" (from the beginning, with no start).
    struct RunningTotal: Sendable, Equatable {
        /// How many months from the fiscal year's start, when the sentence counts them.
        var months: Int?
        /// From the fiscal year's start ("year to date"), as opposed to since the beginning ("to date").
        var fromYearStart: Bool
    }

    static let countWords: [String: Int] = [
        "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12
    ]

    static func runningTotal(_ words: Words) -> RunningTotal? {
        for k in words.indices {
            let word = words[k]
            // "first eight months", "first 8 months", "first eight-month period"
            if word == "first", k + 1 < words.count {
                var count = words[k + 1]
                var unit = k + 2 < words.count ? words[k + 2] : ""
                if count.hasSuffix("-month") {
                    count = String(count.dropLast(6))
                    unit = "months"
                }
                if unit == "months", let n = countWords[count] ?? Int(count), (2...12).contains(n) {
                    return RunningTotal(months: n, fromYearStart: true)
                }
                // "the first three quarters": nine months from the year's start
                if unit == "quarters", let n = countWords[count] ?? Int(count), (2...3).contains(n) {
                    return RunningTotal(months: 3 * n, fromYearStart: true)
                }
            }
            if word == "year-to-date" || word == "ytd" { return RunningTotal(months: nil, fromYearStart: true) }
            if word == "year", k + 2 < words.count, words[k + 1] == "to", words[k + 2] == "date" {
                return RunningTotal(months: nil, fromYearStart: true)
            }
        }
        if hasPair(words, "so", "far"), hasPair(words, "this", "year") {
            return RunningTotal(months: nil, fromYearStart: true)
        }
        if hasPair(words, "to", "date") || words.contains("cumulative") || words.contains("cumulatively")
            || hasPair(words, "since", "launch") || hasPair(words, "since", "inception")
            || (hasPair(words, "since", "its") && (words.contains("launch") || words.contains("inception")))
        {
            return RunningTotal(months: nil, fromYearStart: false)
        }
        return nil
    }

    /// The period of a running total. The first 3, 6, 9 or 12 months are the first quarter, the first half,
    /// nine months and the year; other counts, and totals to date, are `cumulative`. A total from the year's
    /// start, or since the beginning, runs to the publication date when the count does not say.
    static func running(
        _ total: RunningTotal, statedYear: Int?, published: Day?, calendar: FiscalCalendar, sentenceYear: Int?
    ) -> CanonicalPeriod {
        var period = CanonicalPeriod(kind: .cumulative, fiscalAssumed: !calendar.stated)
        guard total.fromYearStart else {
            // Since the beginning: no start; it ends on the day it was reported.
            if let day = published {
                period.end = day.text
                period.fiscalYear = fiscalYear(containing: day, calendar)
            }
            return period
        }
        let year =
            statedYear ?? published.map { latestFiscalYear(offset: 0, calendar, before: $0) } ?? sentenceYear
        period.fiscalYear = year
        if let months = total.months {
            let standard: [Int: CanonicalPeriod.Kind] = [3: .quarter, 6: .half, 9: .nineMonths, 12: .year]
            period.kind = standard[months] ?? .cumulative
            if months == 3 { period.fiscalQuarter = 1 }
            if months == 6 { period.fiscalHalf = 1 }
            if let year { period.setDates(calendar, fiscalYear: year, offset: 0, length: months) }
            return period
        }
        guard let year else { return period }
        period.setDates(calendar, fiscalYear: year, offset: 0, length: 12)
        // Year to date: to the publication day, when the article is from within that fiscal year.
        if let day = published, let end = period.end.flatMap(Day.init), day < end {
            period.end = day.text
        }
        return period
    }

    /// A period label: its kind and, when it gives one, its year.
    struct Label {
        enum Kind {
            case quarter(Int)
            case half(Int)
            case year
        }
        var kind: Kind
        var year: Int?

        init?(_ text: String) {
            let parts = text.split(separator: " ")
            guard let head = parts.first, parts.count <= 2 else { return nil }
            let tail = parts.count == 2 ? Int(parts[1]) : nil
            if parts.count == 2, tail == nil { return nil }
            if head.count == 2, let n = Int(head.dropFirst()) {
                if head.first == "Q", (1...4).contains(n) {
                    (kind, year) = (.quarter(n), tail)
                    return
                }
                if head.first == "H", (1...2).contains(n) {
                    (kind, year) = (.half(n), tail)
                    return
                }
            }
            if head.hasPrefix("FY"), let y = Int(head.dropFirst(2)), head.count == 6, parts.count == 1 {
                (kind, year) = (.year, y)
                return
            }
            if let y = Int(head), head.count == 4, parts.count == 1 {
                (kind, year) = (.year, y)
                return
            }
            return nil
        }
    }

    /// A four-digit year the sentence states.
    static func yearIn(_ words: Words) -> Int? {
        words.lazy.compactMap { word -> Int? in
            guard word.utf8.count == 4, let y = Int(word), (1990...2100).contains(y) else { return nil }
            return y
        }.first
    }

    /// The day a sentence names with "as of March 31, 2025", "as at 30 June", "at the end of 2024", "at the
    /// end of March": its month, day and year as far as it gives them.
    struct PointMention: Sendable {
        var month: Int?
        var day: Int?
        var year: Int?

        /// The day: a month or day without a year takes the latest one by publication; a year alone is the
        /// last day of that fiscal year. nil when that cannot be known.
        func day(published: Day?, calendar: FiscalCalendar) -> Day? {
            if let month {
                guard let year = year ?? published.map({ PeriodResolver.latestYear(startingMonth: month, before: $0) })
                else { return nil }
                let last = Day(year: year, month: month, day: 1).lastOfMonth(after: 0)
                return Day(year: year, month: month, day: min(day ?? last.day, last.day))
            }
            guard let year, day == nil else { return nil }
            let begin = calendar.start(ofFiscalYear: year)
            return Day(year: begin.year, month: begin.month, day: 1).lastOfMonth(after: 11)
        }
    }

    static func pointMention(_ words: Words) -> PointMention? {
        for k in words.indices.dropLast() {
            let opens =
                (words[k] == "as" && (words[k + 1] == "of" || words[k + 1] == "at"))
                || (words[k] == "end" && words[k + 1] == "of" && k > 0 && ["the", "at"].contains(words[k - 1]))
            guard opens else { continue }
            var mention = PointMention()
            for word in words[(k + 2)...].prefix(5) {
                if let m = month(word), mention.month == nil, word.count > 3 || word == "may" {
                    mention.month = m
                } else if let n = Int(word), word.count <= 2, (1...31).contains(n), mention.day == nil {
                    mention.day = n
                } else if let y = Int(word), word.count == 4, (1990...2100).contains(y) {
                    mention.year = y
                    break
                } else if word != "the" && word != "," && mention.month == nil {
                    break
                }
            }
            if mention.month != nil || (mention.year != nil && mention.day == nil) { return mention }
        }
        return nil
    }

    /// "FY22" (or "fy22"): fiscal 2022.
    static func shortFiscalYear(_ words: Words) -> Int? {
        words.lazy.compactMap { word -> Int? in
            guard word.utf8.count == 4, word.hasPrefix("fy"), let n = Int(word.dropFirst(2)) else { return nil }
            return 2000 + n
        }.first
    }

    /// How far back a sentence's comparison looks, in quarters: 4 for "a year earlier", "a year ago",
    /// "the year-ago quarter", "the previous year"; 1 for "the previous quarter", "sequentially"; nil when
    /// it names none. "Last year" is left out: it names the period itself as often as the comparison.
    public static func comparison(_ words: [String]) -> Int? { comparison(Words(words)) }

    static func comparison(_ words: Words) -> Int? {
        if words.contains("sequentially") || words.contains("qoq")
            || ["previous", "prior", "preceding"].contains(where: { hasPair(words, $0, "quarter") })
        {
            return 1
        }
        if words.contains("year-ago") || words.contains("year-earlier") || words.contains("yoy")
            || hasPair(words, "year", "earlier") || hasPair(words, "year", "ago") || hasPair(words, "year", "before")
            || ["previous", "prior", "preceding"].contains(where: { hasPair(words, $0, "year") })
        {
            return 4
        }
        return nil
    }

    static func hasPair(_ words: Words, _ a: String, _ b: String) -> Bool {
        words.contains(a) && words.contains(b) && hasPair(words.list, a, b)
    }

    static func hasPair(_ words: [String], _ a: String, _ b: String) -> Bool {
        zip(words, words.dropFirst()).contains { $0 == a && $1 == b }
    }

    /// Words that make the period after them the base of a comparison: "up 4% from the previous year", "more than
    /// last year", "versus Q3 2024".
    static let comparisonBases: Set<String> = ["from", "than", "over", "versus", "vs", "against", "on"]

    /// The period that starts at word `k` (lower-cased `words`) is what a figure is compared with: after one of
    /// ``comparisonBases`` or after "compared with"/"compared to", with or without "the".
    static func isComparisonBase(_ words: [String], periodAt k: Int) -> Bool {
        var before = k - 1
        if before >= 0, words[before] == "the" { before -= 1 }
        guard before >= 0 else { return false }
        if comparisonBases.contains(words[before]) { return true }
        return (words[before] == "with" || words[before] == "to") && before > 0 && words[before - 1].hasPrefix("compar")
    }

    /// The sentence names last year as a period of its own ("revenue last year", "in the previous year"), not
    /// only as the base its figures are compared with ("up 4% from the previous year").
    static func namesLastYear(_ words: [String]) -> Bool { !lastYearMentions(words).isEmpty }

    /// Where the sentence names last year as a period of its own: the index of "last", "previous" or "prior".
    static func lastYearMentions(_ words: [String]) -> [Int] {
        words.indices.dropLast().filter { k in
            words[k + 1] == "year" && (words[k] == "last" || words[k] == "previous" || words[k] == "prior")
                && !isComparisonBase(words, periodAt: k)
        }
    }

    static func mentionsNineMonths(_ words: Words) -> Bool {
        hasPair(words, "nine", "months") || hasPair(words, "9", "months") || words.contains("nine-month")
            || words.contains("9-month")
    }

    static func mentionsTrailingYear(_ words: Words) -> Bool {
        words.contains("ttm")
            || words.contains("trailing")
                && (hasPair(words, "twelve", "months") || hasPair(words, "12", "months"))
    }

    /// "April-June", "April to June", "April through June": the calendar months from the first to the
    /// last, when they make a quarter, a half or nine months; or the months a span ending in a month covers ("the
    /// three months ended June 30", "the quarter ending March 31", "the six-month period ended September 30").
    static func monthSpan(_ words: Words) -> (months: [Int], ended: Bool)? {
        // (Most sentences hold neither word: the set answers before any scan.)
        let ends = words.contains("ended") || words.contains("ending")
        for k in words.indices.dropFirst() where ends && (words[k] == "ended" || words[k] == "ending") {
            guard k + 1 < words.count, let last = month(words[k + 1]),
                let (length, start) = spanLength(before: k, words),
                !isComparisonBase(words.list, periodAt: start)
            else { continue }
            return ((0..<length).map { (last - length + $0 + 12) % 12 + 1 }, words[k] == "ended")
        }
        // "the December quarter" (as Indian and Australian results name a quarter): the three months to December,
        // reported once they are over.
        let quarter = words.contains("quarter")
        for k in words.indices.dropLast() where quarter && words[k + 1] == "quarter" {
            guard words[k].utf8.count > 3, let last = month(words[k]), !isComparisonBase(words.list, periodAt: k)
            else { continue }
            return ((0..<3).map { (last - 3 + $0 + 12) % 12 + 1 }, true)
        }
        for (k, word) in words.enumerated() {
            var pair: (Int, Int)?
            let halves = word.hasByte(45) ? word.split(separator: "-") : []
            if halves.count == 2, let a = month(halves[0]), let b = month(halves[1]) {
                pair = (a, b)
            } else if let a = month(word), k + 2 < words.count, ["to", "through", "-"].contains(words[k + 1]),
                let b = month(words[k + 2])
            {
                pair = (a, b)
            }
            guard let (a, b) = pair else { continue }
            let length = (b - a + 12) % 12 + 1
            guard [3, 6, 9].contains(length) else { continue }
            return ((0..<length).map { (a - 1 + $0) % 12 + 1 }, false)
        }
        return nil
    }

    /// How many months the words before `k` count, and where they start: "quarter" (3), "half" or "half-year" (6),
    /// "three months", "six-months", "nine-month period" (3, 6, 9); nil for anything else ("the year ended …" is a
    /// fiscal year).
    static func spanLength(before k: Int, _ words: Words) -> (length: Int, start: Int)? {
        var j = k - 1
        if words[j] == "period", j > 0 { j -= 1 }
        switch words[j] {
        case "quarter": return (3, j)
        case "half", "half-year": return (6, j)
        default: break
        }
        let counts = ["three": 3, "3": 3, "six": 6, "6": 6, "nine": 9, "9": 9]
        let parts = words[j].split(separator: "-")
        if parts.count == 2, parts[1] == "month" || parts[1] == "months" {
            return counts[String(parts[0])].map { ($0, j) }
        }
        guard words[j] == "months" || words[j] == "month", j > 0 else { return nil }
        return counts[words[j - 1]].map { ($0, j - 1) }
    }

    /// "in March", "for March 2024", "March sales": a month the figure is for; not a date ("March 31").
    static func monthMention(_ words: Words) -> Int? {
        for (k, word) in words.enumerated() {
            guard let month = month(word), word.count > 3 || word == "may" && k > 0 && words[k - 1] == "in" else {
                continue
            }
            if k + 1 < words.count, let day = Int(words[k + 1]), (1...31).contains(day) { continue }
            if k > 0, ["in", "for", "during"].contains(words[k - 1]) { return month }
        }
        return nil
    }

    /// Places calendar `months` (a quarter, half or nine months) in the fiscal calendar.
    static func placed(months span: [Int], calendarYear: Int?, calendar: FiscalCalendar, assumed: Bool)
        -> CanonicalPeriod
    {
        let kinds: [Int: CanonicalPeriod.Kind] = [3: .quarter, 6: .half, 9: .nineMonths]
        var period = CanonicalPeriod(kind: kinds[span.count]!, fiscalAssumed: assumed)
        let offset = (span[0] - calendar.yearEndMonth - 1 + 24) % 12
        if span.count == 3, offset % 3 == 0 { period.fiscalQuarter = offset / 3 + 1 }
        if span.count == 6, offset % 6 == 0 { period.fiscalHalf = offset / 6 + 1 }
        guard let calendarYear else { return period }
        let start = Day(year: calendarYear, month: span[0], day: 1)
        period.fiscalYear = fiscalYear(containing: start, calendar)
        period.start = start.text
        period.end = start.lastOfMonth(after: span.count - 1).text
        return period
    }

    /// The fiscal year that `day` falls in.
    static func fiscalYear(containing day: Day, _ calendar: FiscalCalendar) -> Int {
        calendar.yearEndMonth == 12 || day.month <= calendar.yearEndMonth ? day.year : day.year + 1
    }

    /// The latest fiscal year whose part starting `offset` months in had begun by `day`.
    static func latestFiscalYear(offset: Int, _ calendar: FiscalCalendar, before day: Day) -> Int {
        var year = day.year + 1
        while year > day.year - 2 {
            let begin = calendar.start(ofFiscalYear: year)
            if Day(year: begin.year, month: begin.month, day: 1).adding(months: offset) <= day { return year }
            year -= 1
        }
        return year
    }

    /// The latest calendar year in which `month` had ended by `day`.
    static func latestYear(endingMonth month: Int, before day: Day) -> Int {
        month < day.month ? day.year : day.year - 1
    }

    /// The latest calendar year in which `month` had begun by `day`.
    static func latestYear(startingMonth month: Int, before day: Day) -> Int {
        month <= day.month ? day.year : day.year - 1
    }
}

extension CanonicalPeriod {
    /// Sets the dates of the part of fiscal year `fiscalYear` that starts `offset` months in and lasts
    /// `length` months.
    fileprivate mutating func setDates(_ calendar: FiscalCalendar, fiscalYear: Int, offset: Int, length: Int) {
        let begin = calendar.start(ofFiscalYear: fiscalYear)
        let start = Day(year: begin.year, month: begin.month, day: 1).adding(months: offset)
        self.start = start.text
        end = start.lastOfMonth(after: length - 1).text
    }
}

/// A calendar day, for the period arithmetic (no time zone: these are the dates the reports use).
struct Day: Comparable {
    var year: Int
    var month: Int
    var day: Int

    init(year: Int, month: Int, day: Int) {
        (self.year, self.month, self.day) = (year, month, day)
    }

    /// "2024-03-05" (or its first ten characters).
    init?(_ text: String) {
        let parts = text.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        (year, month, day) = (parts[0], parts[1], parts[2])
    }

    var text: String {
        let y = String(year)
        let m = month < 10 ? "0\(month)" : String(month)
        let d = day < 10 ? "0\(day)" : String(day)
        return "\(y)-\(m)-\(d)"
    }

    /// The first of the month `months` after this one.
    func adding(months: Int) -> Day {
        let index = year * 12 + (month - 1) + months
        return Day(year: index / 12, month: index % 12 + 1, day: 1)
    }

    /// The last day of the month `months` after this one.
    func lastOfMonth(after months: Int) -> Day {
        let first = adding(months: months)
        let leap = first.year % 4 == 0 && (first.year % 100 != 0 || first.year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return Day(year: first.year, month: first.month, day: lengths[first.month - 1])
    }

    static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}
