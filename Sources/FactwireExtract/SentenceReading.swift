/// One sentence prepared for fact extraction: its tokens, quantities, cue phrases and clauses.
///
/// Read once and then only read from; a class, so that handing it around costs one retain, not one per array.
final class SentenceReading {
    struct CueHit {
        var range: Range<Int>
        var cue: Cue
    }

    let tokens: [Token]
    let quantities: [Quantity]
    /// Token indexes covered by each quantity.
    let quantityTokens: [Range<Int>]
    /// Cue phrases in order (none inside a quantity).
    let cues: [CueHit]
    /// Clause number of every token.
    let clause: [Int]
    /// Tokens inside a quantity.
    let covered: [Bool]
    /// Lower-cased tokens.
    let words: [String]
    /// Positions of pronoun-like references (see ``anaphor(before:)``).
    private(set) var anaphors: [Int] = []
    /// Clauses that name analysts or a consensus.
    private(set) var analystClauses: Set<Int> = []
    /// Per clause, where analysts' figures are first set against the company's ("… in line with analysts'
    /// estimates"): the figures before are reported, those after are what analysts expected.
    private(set) var comparedAnalysts: [Int: Int] = [:]
    /// Whether the sentence says "respectively".
    private(set) var saysRespectively = false
    /// Whether the sentence names forecasters and a forecast ("analysts had expected", "brokerage
    /// forecasts"): its figures are what others predicted.
    private(set) var reportsForecasts = false
    /// "respectively": the sentence pairs its names and figures in order.
    static let respectivelyWords: WordSet = ["respectively", "respective"]
    static let forecasterWords: WordSet = ["analysts", "analyst", "brokerage", "brokerages", "polled"]
    static let forecastWords: WordSet = ["expected", "estimated", "forecast", "forecasts", "predicted", "projected"]
    /// Words of the sentence that make a figure market-level ("market", "worldwide"…), in order.
    private(set) var marketWords: [String] = []
    static let marketVocabulary: WordSet = [
        "market", "industry", "worldwide", "global", "globally", "overall", "total", "sector"
    ]
    /// The sentence's period and status, the same for all its figures (computed once).
    private(set) var sentencePeriod: String?
    /// Where the sentence names periods; a figure takes the one nearest after it (``period(of:)``).
    private(set) var mentionedPeriods: [PeriodMention] = []
    private(set) var sentenceStatus: Fact.Status = .actual

    static let segmentWords: WordSet = [
        "business", "businesses", "division", "divisions", "segment", "segments", "unit's", "arm"
    ]
    static let qoqWords: WordSet = [
        "sequentially", "sequential", "quarter-on-quarter", "quarter-over-quarter", "qoq", "q-o-q"
    ]
    static let employeeUnits: WordSet = ["employees", "staff", "workers", "people", "engineers", "researchers"]
    static let productUnits: WordSet = [
        "units", "smartphones", "phones", "handsets", "devices", "tablets", "pcs", "computers",
        "laptops", "servers", "chips", "vehicles", "cars", "consoles", "copies"
    ]
    static let hiringWords: WordSet = [
        "added", "adding", "add", "hire", "hires", "hiring", "hired", "cut", "cuts", "cutting", "new",
        "laid", "lay", "layoffs", "reduce", "reduction", "shed", "shedding", "recruit", "recruited", "eliminate",
        "fired"
    ]

    init(tokens: [Token], quantities: [Quantity]) {
        self.tokens = tokens
        self.quantities = quantities
        var ranges: [Range<Int>] = []
        var covered = [Bool](repeating: false, count: tokens.count)
        for q in quantities {
            let first = tokens.firstIndex { $0.end > q.start } ?? tokens.count
            var last = first
            while last < tokens.count, tokens[last].start < q.end {
                covered[last] = true
                last += 1
            }
            ranges.append(first..<max(first, last))
        }
        quantityTokens = ranges
        // Lower-cased words serve the period, status and comparison of quantities: without any, none needed.
        words = quantities.isEmpty ? [] : tokens.map(\.lower)
        self.covered = covered
        var clause: [Int] = []
        var number = 0
        clause.reserveCapacity(tokens.count)
        // By index: iterating the array would copy every token.
        for index in tokens.indices {
            if tokens[index].text == ";" { number += 1 }
            if index > 0, tokens[index - 1].text == ",",
                tokens[index].lower == "while" || tokens[index].lower == "whereas" || tokens[index].lower == "but"
            {
                number += 1
            }
            clause.append(number)
        }
        self.clause = clause
        // Cues matter only around quantities; most sentences have none.
        cues = quantities.isEmpty ? [] : Self.findCues(tokens, covered: covered)
        if !quantities.isEmpty {
            mentionedPeriods = periodMentions()
            sentencePeriod = mentionedPeriods.lazy.compactMap(\.label).first
            sentenceStatus = status()
            anaphors = Self.anaphorPositions(tokens)
            var forecasters = false
            var forecast = false
            for index in tokens.indices {
                if Self.forecasterWords.contains(tokens[index]) { forecasters = true }
                if Self.forecastWords.contains(tokens[index]) { forecast = true }
                if Self.analystWords.contains(tokens[index]) {
                    if !Self.isComparedWith(tokens, index) {
                        analystClauses.insert(clause[index])
                    } else if comparedAnalysts[clause[index]] == nil {
                        comparedAnalysts[clause[index]] = index
                    }
                }
                if Self.marketVocabulary.contains(tokens[index]) { marketWords.append(tokens[index].lower) }
                if Self.respectivelyWords.contains(tokens[index]) { saysRespectively = true }
            }
            reportsForecasts = forecasters && forecast
        }
    }

    /// "adjusted EBITDA", "underlying operating profit": the adjusted measure.
    static let adjustedWords: WordSet = ["adjusted", "underlying"]

    /// A word with one footnote digit glued to its end ("revenue1", "ebitda2"), without it; nil otherwise.
    static func footnoteStem(_ word: String) -> String? {
        let bytes = word.utf8
        guard bytes.count >= 4, let last = bytes.last, last >= 0x31 && last <= 0x39 else { return nil }
        let stem = bytes.dropLast()
        guard stem.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return nil }
        return String(decoding: stem, as: UTF8.self)
    }

    static func findCues(_ tokens: [Token], covered: [Bool]) -> [CueHit] {
        var hits: [CueHit] = []
        var i = 0
        while i < tokens.count {
            guard !covered[i] else {
                i += 1
                continue
            }
            // "Revenue1 of £5.1bn", "Adjusted EBITDA2": a footnote's number glued to the cue's last word.
            let start = CueLexicon.phraseStarts.contains(tokens[i]) ? tokens[i].lower : footnoteStem(tokens[i].lower)
            guard let start, let phrases = CueLexicon.phrases[start] else {
                i += 1
                continue
            }
            func reads(_ k: Int, as word: String, last: Bool) -> Bool {
                !covered[k] && (tokens[k].lower == word || last && footnoteStem(tokens[k].lower) == word)
            }
            var matched: CueHit?
            for (words, cue) in phrases where i + words.count <= tokens.count {
                if (0..<words.count).allSatisfy({ reads(i + $0, as: words[$0], last: $0 == words.count - 1) }) {
                    matched = CueHit(range: i..<(i + words.count), cue: cue)
                    break
                }
            }
            guard var hit = matched else {
                i += 1
                continue
            }
            let after = hit.range.upperBound
            let afterWord = after < tokens.count ? tokens[after].lower : ""
            if case .other(let detail) = hit.cue,
                (max(0, i - 2)..<i).contains(where: { adjustedWords.contains(tokens[$0]) })
            {
                hit.cue = .other(detail + "_adjusted")
            }
            switch hit.cue {
            case .netLoss where tokens[i].lower == "lost":
                // "lost $88 million in the quarter": the verb is a net loss with an amount right after it, not in "lost
                // 3 points of share" or "lost ground".
                guard after < tokens.count, covered[after], !startsPercent(tokens, covered, after) else {
                    i += 1
                    continue
                }
            case .block where investmentWords.contains(tokens[i]) && investsInResearch(tokens, covered, after):
                // "invested $3 billion in R&D", "its investment in research rose to …": research spending.
                hit.cue = .rd
            case .revenue, .netIncome, .netLoss, .operatingProfit, .other:
                // "profit margin", "operating profit ratio": not the amount.
                if ["margin", "margins", "ratio", "per", "guidance", "target", "forecast", "estimate", "estimates"]
                    .contains(afterWord)
                {
                    hit.cue = .block
                }
                // Segment figures: "enterprise business revenue", "revenues from its consumer division".
                if (max(0, i - 3)..<i).contains(where: { segmentWords.contains(tokens[$0]) }) { hit.cue = .block }
                if afterWord == "from", after + 1 < tokens.count,
                    ["its", "the", "their"].contains(tokens[after + 1].lower)
                {
                    hit.cue = .block
                }
            case .marketShare:
                if afterWord == "price" || afterWord == "prices" || afterWord == "buyback" { hit.cue = .block }
            default: break
            }
            hits.append(hit)
            i = hit.range.upperBound
        }
        return hits
    }

    /// Words of investing, which name research spending when what is invested in is research.
    static let investmentWords: WordSet = ["invested", "invests", "invest", "investing", "investment", "investments"]

    /// Whether, after the amount invested (if any) that starts at `start`, the sentence goes on "in", "into" or "on" R&D
    /// or research ("$3 billion in R&D", "into its research and development").
    static func investsInResearch(_ tokens: [Token], _ covered: [Bool], _ start: Int) -> Bool {
        var k = start
        while k < tokens.count, covered[k] { k += 1 }
        guard k + 1 < tokens.count, ["in", "into", "on"].contains(tokens[k].lower) else { return false }
        k += 1
        if ["its", "the", "their"].contains(tokens[k].lower) { k += 1 }
        guard k < tokens.count else { return false }
        if tokens[k].lower == "research" { return true }
        return k + 2 < tokens.count && tokens[k].lower == "r" && tokens[k + 1].text == "&" && tokens[k + 2].lower == "d"
    }

    /// Whether the quantity whose tokens start at `start` is a percent or points ("lost 3 percent", "lost 2 points").
    static func startsPercent(_ tokens: [Token], _ covered: [Bool], _ start: Int) -> Bool {
        var k = start
        while k < tokens.count, covered[k] {
            if ["%", "percent", "per", "pct", "points", "point", "pp"].contains(tokens[k].lower) { return true }
            k += 1
        }
        return k < tokens.count && ["percent", "points", "point", "pp", "%"].contains(tokens[k].lower)
    }

    /// The cue a quantity belongs to: the nearest in its clause (one to the right costs one token more and
    /// may not lie past another quantity), else the last cue of an earlier clause of the sentence.
    func nearestCue(_ index: Int) -> Cue? {
        let q = quantityTokens[index]
        let kind = quantities[index].kind
        // A money amount reads only money cues (and blocks); a count only count cues.
        func accepts(_ cue: Cue) -> Bool {
            switch kind {
            case .money: cue == .block || cue.moneyMetric != nil
            case .count: cue == .block || cue == .shipments || cue == .revenue || cue == .headcount
            default: true
            }
        }
        let myClause = q.lowerBound < clause.count ? clause[q.lowerBound] : 0
        let rightWindow = quantities[index].kind == .money ? 4 : 7
        let nextQuantity = index + 1 < quantityTokens.count ? quantityTokens[index + 1].lowerBound : tokens.count
        func best(_ allowMarket: Bool) -> Cue? {
            var choice: (Int, Cue)?
            for hit in cues where clause[hit.range.lowerBound] == myClause && accepts(hit.cue) {
                if case .market = hit.cue, !allowMarket { continue }
                let distance: Int
                if hit.range.upperBound <= q.lowerBound {
                    distance = q.lowerBound - hit.range.upperBound
                } else if hit.range.lowerBound >= q.upperBound {
                    let gap = hit.range.lowerBound - q.upperBound
                    // A money amount's cue to the right must be in the same phrase ("$5bn in revenue", not "$5bn, and a share").
                    guard gap <= rightWindow, hit.range.lowerBound <= nextQuantity,
                        kind != .money
                            || !(q.upperBound..<hit.range.lowerBound).contains(where: {
                                tokens[$0].text == "," || tokens[$0].text == ";"
                            })
                    else { continue }
                    // "a 14 percent decrease in net income": the metric that the change right after a percent
                    // governs is the percent's, however near another cue stands before it.
                    distance = kind == .percent && governedByChange(q.upperBound..<hit.range.lowerBound) ? 0 : gap + 1
                } else {
                    continue
                }
                if choice == nil || distance < choice!.0 { choice = (distance, hit.cue) }
            }
            return choice?.1
        }
        if let cue = respectively(index, accepts: accepts) { return cue }
        if let cue = best(false) ?? best(true) { return cue }
        return cues.last {
            $0.range.upperBound <= q.lowerBound && clause[$0.range.lowerBound] < myClause && accepts($0.cue)
        }?.cue
    }

    /// The metric a cue names, where a bare "loss" takes the operating measure the sentence named before it:
    /// "Operating income reached 410.2 billion won, compared with a loss of 215.6 billion won a year ago". A "net
    /// loss", or a loss in a sentence about net profit, stays net.
    func lossMetric(_ hit: CueHit) -> Cue {
        guard hit.cue == .netLoss, hit.range.count == 1, hit.range.lowerBound > 0,
            tokens[hit.range.lowerBound - 1].lower != "net",
            let earlier = cues.last(where: { $0.range.upperBound <= hit.range.lowerBound && $0.cue != .netLoss }),
            earlier.cue == .operatingProfit
        else { return hit.cue }
        return earlier.cue
    }

    /// Whether `gap`, between a percent and a cue after it, is a change noun with its preposition ("decrease
    /// in", "year-on-year rise of").
    func governedByChange(_ gap: Range<Int>) -> Bool {
        let words = gap.map { tokens[$0].lower }.filter {
            !CueLexicon.comparisonWords.contains($0) && $0 != "(" && $0 != ")"
        }
        // "a 29 percent increase in adjusted net profit", "a 7% jump in its consolidated revenue": words that only
        // qualify the metric may stand between.
        return words.count >= 2 && CueLexicon.changeWords[words[0]] != nil && ["in", "of"].contains(words[1])
            && words.dropFirst(2).allSatisfy { Self.metricQualifiers.contains($0) }
    }

    /// Words that qualify a metric without naming another: "adjusted", "its", "consolidated", "full-year".
    static let metricQualifiers: WordSet = [
        "its", "their", "the", "adjusted", "reported", "consolidated", "standalone", "underlying", "core", "total",
        "group", "quarterly", "annual", "full-year", "half-year", "comparable", "organic", "gaap", "non-gaap", "ifrs"
    ]

    /// "Orders and revenue … at €86.5 billion and €79.6 billion, respectively": the n-th amount of a list
    /// followed by "respectively" reads the n-th of the last cues before the list.
    func respectively(_ index: Int, accepts: (Cue) -> Bool) -> Cue? {
        guard let list = respectiveList(index) else { return nil }
        let (first, last) = (list.lowerBound, list.upperBound)
        let before = cues.filter { $0.range.upperBound <= quantityTokens[first].lowerBound && accepts($0.cue) }
        let count = last - first + 1
        guard before.count >= count else { return nil }
        return before[before.count - count + (index - first)].cue
    }

    /// The quantities of the list that "respectively" closes, when quantity `index` is in one: two or more of its
    /// kind, a word or two apart ("€7.3 billion and €6.8 billion, respectively").
    func respectiveList(_ index: Int) -> ClosedRange<Int>? {
        guard saysRespectively else { return nil }
        var first = index
        while first > 0, quantities[first - 1].kind == quantities[index].kind,
            quantityTokens[first].lowerBound - quantityTokens[first - 1].upperBound <= 2
        { first -= 1 }
        var last = index
        while last + 1 < quantities.count, quantities[last + 1].kind == quantities[index].kind,
            quantityTokens[last + 1].lowerBound - quantityTokens[last].upperBound <= 2
        { last += 1 }
        let end = quantityTokens[last].upperBound
        guard last > first, (end..<min(tokens.count, end + 3)).contains(where: { tokens[$0].lower == "respectively" })
        else { return nil }
        return first...last
    }

    /// "down from 10 per cent growth it had forecast": a figure the company set before and has replaced.
    func isSuperseded(_ range: Range<Int>) -> Bool {
        let end = min(tokens.count, range.upperBound + 6)
        for k in range.upperBound..<end where tokens[k].lower == "had" && k + 1 < tokens.count {
            let next = tokens[k + 1].lower
            if CueLexicon.forecastWords.contains(next)
                || ["estimated", "expected", "predicted", "guided", "been"].contains(next)
            {
                return true
            }
        }
        return false
    }

    /// "Earlier, it had projected net income of 2.4 billion euros", "They had initially expected profit to decline
    /// 3.8%": a prediction in the past perfect, made before and replaced, in the quantity's clause before it.
    func isEarlierForecast(_ range: Range<Int>) -> Bool {
        let myClause = range.lowerBound < clause.count ? clause[range.lowerBound] : 0
        var k = range.lowerBound - 1
        while k > 0, clause[k] == myClause {
            if Self.earlierForecastVerbs.contains(tokens[k]) {
                let before = tokens[k - 1].lower
                if before == "had" { return true }
                if k >= 2, tokens[k - 2].lower == "had", Self.earlierAdverbs.contains(tokens[k - 1]) { return true }
            }
            k -= 1
        }
        return false
    }

    /// Verbs that change a forecast, and the nouns of one ("raised its revenue forecast to …").
    static let revisionVerbs: WordSet = [
        "revised", "raised", "hiked", "lifted", "upgraded", "cut", "lowered", "trimmed", "downgraded", "slashed",
        "boosted"
    ]
    static let forecastNouns: WordSet = [
        "forecast", "forecasts", "outlook", "guidance", "estimate", "projection", "target"
    ]

    /// The measure of a revised forecast's new amount: "cut its revenue guidance for the year to $8.1 billion, from
    /// …", "its profit target was lowered, from €900 million to €750 million". The amount
    /// right after "to" is the company's new forecast; the one after "from" is the forecast it replaced.
    func revisedForecastMetric(_ quantity: Int) -> Fact.Metric? {
        let start = quantityTokens[quantity].lowerBound
        guard quantities[quantity].kind == .money, start > 0, tokens[start - 1].lower == "to",
            revisesForecast(before: start)
        else { return nil }
        let measures: [Cue] = [.revenue, .netIncome, .operatingProfit]
        if let cue = cues.last(where: { $0.range.upperBound <= start && measures.contains($0.cue) }) {
            return cue.cue.moneyMetric?.0
        }
        // "its sales forecast": the word before the forecast's noun names the measure where no cue reads one.
        guard let noun = tokens[..<start].lastIndex(where: { Self.forecastNouns.contains($0) }), noun > 0 else {
            return nil
        }
        return Self.revenueWords.contains(tokens[noun - 1]) ? .revenue : nil
    }

    /// Words that name revenue on their own ("sales forecast", "68% of turnover").
    static let revenueWords: WordSet = ["revenue", "revenues", "sales", "turnover"]

    /// Whether the sentence revises a forecast named before token `start`: a verb of revising anywhere in it, a
    /// forecast's noun before `start`.
    func revisesForecast(before start: Int) -> Bool {
        tokens.contains(where: { Self.revisionVerbs.contains($0) })
            && tokens[..<start].contains(where: { Self.forecastNouns.contains($0) })
    }

    /// "lifted its turnover outlook to $12 billion from $11 billion", "cut … from an earlier target of €900 million":
    /// the amount after "from" in a sentence that revises a forecast is the forecast it replaced.
    func isReplacedForecast(_ quantity: Int) -> Bool {
        let start = quantityTokens[quantity].lowerBound
        return quantities[quantity].kind == .money
            && tokens[max(0, start - 6)..<start].contains(where: { $0.lower == "from" })
            && revisesForecast(before: start)
    }

    static let earlierForecastVerbs: WordSet = [
        "projected", "forecast", "forecasted", "expected", "estimated", "guided", "predicted", "anticipated"
    ]
    static let earlierAdverbs: WordSet = ["initially", "previously", "earlier", "originally", "first"]

    /// "Analysts had expected revenue of $5.1 billion": other people's estimates are not the company's figures.
    func isAnalystEstimate(_ range: Range<Int>) -> Bool {
        let myClause = range.lowerBound < clause.count ? clause[range.lowerBound] : 0
        if analystClauses.contains(myClause) { return true }
        guard let compared = comparedAnalysts[myClause], compared < range.lowerBound else { return false }
        return !followsBeatenExpectation(range)
    }

    /// "beat analysts' estimates with revenue of $3.1 billion", "topped expectations, reporting net income of …": a
    /// figure that a word of result leads to, right after what the company beat or missed, is the company's result.
    func followsBeatenExpectation(_ range: Range<Int>) -> Bool {
        guard let lead = tokens[..<range.lowerBound].lastIndex(where: { Self.resultLeads.contains($0) }),
            range.lowerBound - lead <= 5,
            !quantityTokens.contains(where: { $0.lowerBound > lead && $0.lowerBound < range.lowerBound }),
            let expected = tokens[max(0, lead - 3)..<lead].lastIndex(where: {
                Self.analystWords.contains($0) || Self.forecasterWords.contains($0) || Self.forecastWords.contains($0)
                    || Self.estimateNouns.contains($0)
            })
        else { return false }
        return Self.isComparedWith(tokens, expected)
    }

    /// Words after the comparison that lead to the company's own figure ("… estimates with revenue of …").
    static let resultLeads: WordSet = ["with", "reporting", "posting", "after"]
    /// "beat estimates": besides the analysts' and forecast words, what a result is set against.
    static let estimateNouns: WordSet = ["estimate", "estimates"]

    /// Whether the analysts' word at `index` is what a reported figure is set against: "in line with analysts'
    /// estimates", "beat market expectations", "below the consensus". Their own figure, if given, is an expectation
    /// (``FactModel/isExpectation(_:quantity:)``); the clause's other figures stay the company's.
    static func isComparedWith(_ tokens: [Token], _ index: Int) -> Bool {
        // Three words back, or six over the amount the analysts expected ("beating the $3.9 billion analysts …").
        let window = tokens[max(0, index - 4)..<index].contains { $0.text.first?.isNumber == true } ? 6 : 3
        for k in stride(from: index - 1, through: max(0, index - window), by: -1) {
            if comparisonLeads.contains(tokens[k]) { return true }
            if tokens[k].text == "," { return false }
        }
        return false
    }

    static let comparisonLeads: WordSet = [
        "with", "beat", "beats", "beating", "topped", "tops", "topping", "than", "ahead", "short", "missed", "missing",
        "misses", "above", "below", "exceeded", "exceeding", "surpassed", "surpassing", "outpaced", "versus", "vs",
        "against"
    ]

    static let analystWords: WordSet = [
        "analysts", "analyst", "analysts'", "consensus", "polled", "expectation", "expectations",
        "estimated", "survey"
    ]

    /// The fact a quantity states, without its company and evidence; with the cue it was read by.
    func fact(for index: Int, previousCue: Cue?, listContinuation: Bool) -> (fact: Fact, cue: Cue?)? {
        let q = quantities[index]
        let range = quantityTokens[index]
        var cue = nearestCue(index)
        let startsWithReference =
            tokens.first.map { ["it", "this", "that", "these", "which"].contains($0.lower) } ?? false
            || tokens.contains { $0.lower == "figure" || $0.lower == "figures" }
        if cue == nil, !cues.contains(where: { $0.cue != .block }), startsWithReference || listContinuation {
            cue = previousCue
        }
        guard !isSuperseded(range), !isAnalystEstimate(range) else { return nil }
        let qualifier: Quantity.Qualifier = q.qualifier == .atLeast ? .over : q.qualifier
        var fact = Fact(
            company: nil, metric: .other, value: q.value, unit: q.unit, qualifier: qualifier, period: period(of: index),
            status: status(of: index), evidence: "", range: q.range, text: q.text)
        switch q.kind {
        case .percentagePoints:
            return nil
        case .percent:
            guard abs(q.value) <= 10 else { return nil }
            if cue == .marketShare {
                fact.metric = .marketShare
                return (fact, cue)
            }
            if isShareOfRevenue(range) {
                guard cues.contains(where: { $0.cue == .rd }) else { return nil }
                fact.metric = .rdShareOfRevenue
                return (fact, .rd)
            }
            guard let cue, let growthOf = cue.growthOf else { return nil }
            guard let falling = changeDirection(range) ?? tableChange(index) else { return nil }
            fact.metric = .growth
            fact.growthOf = growthOf
            if falling && fact.value > 0 {
                fact.value = -fact.value
                fact.range = fact.range.map { [-$0[1], -$0[0]] }
            }
            fact.comparison = comparison(range)
            return (fact, cue)
        case .money:
            guard let cue, let (metric, detail) = cue.moneyMetric, !isAbsoluteChange(range) else { return nil }
            fact.metric = metric
            fact.metricDetail = detail
            if cue == .netLoss && fact.value > 0 { fact.value = -fact.value }
            return (fact, cue)
        case .count:
            guard q.value <= FactExtractor.largestCount, !isAbsoluteChange(range) else { return nil }
            if Self.employeeUnits.contains(q.unit) {
                // "11,000 fewer employees": a difference in headcount, not one.
                guard !tokens[range].contains(where: { Self.comparativeWords.contains($0) }),
                    hasHeadcountCue(before: range.lowerBound) || ownsStaff(range, unit: q.unit)
                else { return nil }
                fact.metric = .employees
                fact.unit = "people"
                return (fact, .headcount)
            }
            guard Self.productUnits.contains(q.unit) else { return nil }
            let shipmentCue = cue == .shipments || cue == .revenue || isListLine
            guard shipmentCue else { return nil }
            fact.metric = .shipments
            fact.unit = "units"
            return (fact, .shipments)
        }
    }

    /// A name followed by a verb of saying: the speaker of a quote ("…in Q3," Samsung Electronics said).
    func isSpeaker(_ mention: CompanyDetector.Mention) -> Bool {
        let k = mention.last + 1
        guard k < tokens.count else { return false }
        return ["said", "says", "reported", "reports", "announced", "added", "noted", "told", "stated"].contains(
            tokens[k].lower)
    }

    /// Words that make a sentence's count the market's (``isMarketLevelCount(_:)``).
    static let marketLevelWords: WordSet = ["market", "worldwide", "global", "industry", "globally", "overall"]

    /// A count with no company that is still a market figure: passive ("289.4 million phones were sold")
    /// or said of the market ("worldwide shipments", "the industry shipped").
    func isMarketLevelCount(_ index: Int) -> Bool {
        if words.contains(where: { Self.marketLevelWords.contains($0) }) {
            return true
        }
        let after = quantityTokens[index].upperBound
        return after + 1 < tokens.count && ["were", "was", "have", "had"].contains(words[after])
            && ["sold", "shipped", "been"].contains(words[after + 1])
    }

    /// "Samsung - 60.1 million units sold": a list line that starts with a name and a dash or colon.
    var isListLine: Bool {
        guard let first = tokens.first, first.isCapitalized else { return false }
        return tokens.prefix(6).contains { Self.isListMark($0.text) }
    }

    /// "-", "–", "—" or ":", compared as bytes (string equality with a non-ASCII literal is slow).
    static func isListMark(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { b in
            b.count == 1 && (b[0] == 0x2D || b[0] == 0x3A)
                || b.count == 3 && b[0] == 0xE2 && b[1] == 0x80 && (b[2] == 0x93 || b[2] == 0x94)
        }
    }

    /// "14 percent of its US$40 billion revenue", "25.1% of total revenues".
    func isShareOfRevenue(_ range: Range<Int>) -> Bool {
        var k = range.upperBound
        guard k < tokens.count, tokens[k].lower == "of" else { return false }
        k += 1
        var steps = 0
        while k < tokens.count, steps < 6 {
            if ["revenue", "revenues", "sales", "turnover"].contains(tokens[k].lower) { return true }
            if tokens[k].text == "," || tokens[k].text == ";" { return false }
            k += 1
            steps += 1
        }
        return false
    }

    /// Whether a change word stands next to the quantity, and whether it means a fall; nil when none does.
    func changeDirection(_ range: Range<Int>) -> Bool? {
        let myClause = range.lowerBound < clause.count ? clause[range.lowerBound] : 0
        var k = range.lowerBound - 1
        var steps = 0
        while k >= 0, steps < 4, clause[k] == myClause {
            let word = tokens[k].lower
            let nextWord = k + 1 < tokens.count ? tokens[k + 1].lower : ""
            if let falling = CueLexicon.changeWords[word], !(word == "up" && nextWord == "to"),
                !(word == "more" && nextWord == "than")
            {
                return falling
            }
            if isQuantityToken(k) { break }
            k -= 1
            steps += 1
        }
        k = range.upperBound
        steps = 0
        // "12% year-on-year" is a change on its own, a rise unless a change word follows: "a 3% year-on-year
        // fall" falls.
        var comparison = false
        while k < tokens.count, steps < 6, clause[k] == myClause {
            let word = tokens[k].lower
            if isQuantityToken(k) { break }
            if let falling = CueLexicon.changeWords[word], word != "up" && word != "down" || steps == 0 {
                return falling
            }
            if CueLexicon.comparisonWords.contains(word) && steps <= 1 { comparison = true }
            k += 1
            steps += 1
        }
        return comparison ? false : nil
    }

    /// The direction of the percent just before this one when only "or", "and" or punctuation stand between: "down
    /// 4%, or 2% excluding currency" falls twice.
    func listedDirection(_ index: Int) -> Bool? {
        guard index > 0, quantities[index - 1].kind == .percent, let gap = gap(before: index), !gap.isEmpty,
            gap.allSatisfy({ Self.directionJoiners.contains(tokens[$0]) })
        else { return nil }
        return changeDirection(quantityTokens[index - 1])
    }

    /// The tokens between quantity `index - 1` and quantity `index` ("$4.2 billion *and* $3.9 billion"); nil for the
    /// first quantity, and for two that share tokens ("$4.2-$4.5bn", "4%-2%"), with nothing between them.
    func gap(before index: Int) -> Range<Int>? {
        guard index > 0 else { return nil }
        let (end, start) = (quantityTokens[index - 1].upperBound, quantityTokens[index].lowerBound)
        return end <= start ? end..<start : nil
    }

    /// What may stand between two percents that share a direction.
    static let directionJoiners: WordSet = [",", "or", "and", "("]

    /// A table row "Net Income $ 1.8 billion $ 2.2 billion (17.6)%": a percent after two amounts is their change.
    func tableChange(_ index: Int) -> Bool? {
        guard index >= 2, quantities[index - 1].kind == .money, quantities[index - 2].kind == .money,
            let gap = gap(before: index), gap.count <= 1
        else { return nil }
        return quantities[index].value < 0
    }

    /// "increased by $2bn", "a decrease of 2.6 million units", "fell by over 1,500": the amount of a change, not a
    /// level.
    func isAbsoluteChange(_ range: Range<Int>) -> Bool {
        // "jumped $500 million to $6.6 billion": an amount right after a change verb, with the level it reached
        // after "to". (Not a percent: "rose 5% to $6.6 billion" is a growth rate.)
        if range.lowerBound >= 1, CueLexicon.changeWords[tokens[range.lowerBound - 1].lower] != nil,
            range.upperBound + 1 < tokens.count, tokens[range.upperBound].lower == "to",
            let index = quantityTokens.firstIndex(of: range), quantities[index].kind != .percent,
            quantityTokens.contains(where: { $0.lowerBound == range.upperBound + 1 })
        {
            return true
        }
        // "€4 million less than it had budgeted", "1.2 million units fewer than in the spring": a difference.
        if range.upperBound + 1 < tokens.count, Self.comparativeWords.contains(tokens[range.upperBound]),
            tokens[range.upperBound + 1].lower == "than"
        {
            return true
        }
        // "an order book €600 million larger", "$90 million higher": an amount (not a rate) with a comparative right
        // after it is a difference, "than" said or not.
        if range.upperBound < tokens.count,
            Self.comparativeWords.contains(tokens[range.upperBound])
                || Self.sizeComparatives.contains(tokens[range.upperBound]),
            let index = quantityTokens.firstIndex(of: range), quantities[index].kind != .percent
        {
            return true
        }
        var k = range.lowerBound
        // A qualifier between the preposition and the number: "by over", "by more than", "of nearly".
        while k >= 1, Self.changeQualifiers.contains(tokens[k - 1]), range.lowerBound - k < 2 { k -= 1 }
        // "net income fell $210 million", "up $3 billion": an amount right after a verb of change (not a percent,
        // the rate of a change; not after a comparative, "more $…").
        if k >= 1, CueLexicon.changeWords[tokens[k - 1].lower] != nil,
            !Self.comparativeWords.contains(tokens[k - 1]),
            let index = quantityTokens.firstIndex(of: range), quantities[index].kind != .percent
        {
            return true
        }
        // "an increase in revenue of $3.4 billion", "the sharpest drop in sales – $1.9bn": a change named as a noun,
        // what changed, then the amount.
        if k >= 4, ["of", "–", "—", ":"].contains(tokens[k - 1].lower),
            let into = (max(1, k - 5)..<(k - 1)).last(where: { tokens[$0].lower == "in" }),
            CueLexicon.changeWords[tokens[into - 1].lower] != nil
        {
            return true
        }
        guard k >= 2, ["by", "of"].contains(tokens[k - 1].lower) else { return false }
        return CueLexicon.changeWords[tokens[k - 2].lower] != nil
    }

    /// Comparatives that make the amount before them a difference ("€4 million less than …").
    static let comparativeWords: WordSet = ["more", "less", "fewer", "higher", "lower", "greater", "smaller"]

    /// Comparatives of size that make an amount before them a difference even without "than" ("a balance sheet
    /// €2 billion richer").
    static let sizeComparatives: WordSet = [
        "stronger", "weaker", "larger", "bigger", "richer", "poorer", "heavier", "lighter", "better", "worse"
    ]

    static let changeQualifiers: WordSet = [
        "over", "nearly", "almost", "about", "around", "roughly", "some", "more", "less", "than"
    ]

    /// "has 2,300 employees", "with about 48,000 staff", "had more than 900 workers": a count of staff its subject
    /// owns. "People" is left out: "2,300 people" after "has" is as often an audience or a crowd.
    func ownsStaff(_ range: Range<Int>, unit: String) -> Bool {
        guard Self.staffUnits.contains(unit) else { return false }
        var k = range.lowerBound - 1
        while k >= 0, Self.changeQualifiers.contains(tokens[k]) || tokens[k].lower == "approximately" { k -= 1 }
        return k >= 0 && Self.staffOwningWords.contains(tokens[k])
    }

    static let staffUnits: WordSet = ["employees", "staff", "workers"]
    static let staffOwningWords: WordSet = ["has", "had", "have", "having", "with", "employing", "employed"]

    func hasHeadcountCue(before position: Int) -> Bool {
        guard let hit = cues.last(where: { $0.cue == .headcount && $0.range.upperBound <= position }),
            position - hit.range.upperBound <= 8
        else {
            return false
        }
        return !(hit.range.upperBound..<position).contains { Self.hiringWords.contains(tokens[$0]) }
    }

    func isQuantityToken(_ k: Int) -> Bool { quantityTokens.contains { $0.contains(k) } }

    func comparison(_ range: Range<Int>) -> Fact.Comparison {
        if words.contains(where: { Self.qoqWords.contains($0) }) { return .qoq }
        for (index, word) in words.enumerated() where word == "quarter" && index > 0 {
            if ["previous", "prior", "preceding", "last", "sequential"].contains(words[index - 1])
                && !(index > 1 && words[index - 2] == "year")
            {
                return .qoq
            }
            if index > 2, words[index - 2] == "the" && words[index - 3] == "from" { return .qoq }
        }
        if words.contains("cagr") || words.contains("compound") { return .cagr }
        return .yoy
    }

    /// The status of one figure: the sentence's, except for a result the sentence sets against a forecast named after
    /// it ("rose to $4.1 billion, beating the $3.9 billion analysts expected", "earned $610 million, more than the
    /// $580 million analysts had forecast"), which is actual.
    func status(of quantity: Int) -> Fact.Status {
        guard sentenceStatus != .actual, quantity < quantityTokens.count else { return sentenceStatus }
        let range = quantityTokens[quantity]
        let marks = { (token: Token) in
            CueLexicon.forecastWords.contains(token) || CueLexicon.expectedWords.contains(token)
        }
        guard !tokens[..<range.lowerBound].contains(where: marks),
            let lead = tokens[range.upperBound...].firstIndex(where: { Self.comparisonLeads.contains($0) }),
            let mark = tokens[range.upperBound...].firstIndex(where: marks), lead < mark
        else { return sentenceStatus }
        return .actual
    }

    func status() -> Fact.Status {
        if CueLexicon.forecastWords.containsAny(tokens) { return .forecast }
        if CueLexicon.expectedWords.containsAny(tokens) { return .expected }
        return .actual
    }

    /// The last token of a pronoun-like reference before `position`, or nil.
    func anaphor(before position: Int) -> Int? {
        // Binary search in the positions found once at init.
        var low = 0
        var high = anaphors.count
        while low < high {
            let mid = (low + high) / 2
            if anaphors[mid] < position { low = mid + 1 } else { high = mid }
        }
        return low > 0 ? anaphors[low - 1] : nil
    }

    /// Token positions of pronoun-like references: "it"/"its"/"we"/"our" alone; nouns ("company",
    /// "vendor") only after "the" or "this" ("the Chinese vendor").
    static func anaphorPositions(_ tokens: [Token]) -> [Int] {
        var found: [Int] = []
        for k in tokens.indices {
            // "Co plans …": a wire brief's "the company".
            let isShort = isShortCompany(tokens, k)
            guard isShort || CueLexicon.anaphors.contains(tokens[k]) else { continue }
            let word = tokens[k].lower
            if word == "it" || word == "its" || word == "we" || word == "our" || isShort {
                found.append(k)
                continue
            }
            var j = k - 1
            while j >= 0, j >= k - 3, tokens[j].isWord, tokens[j].lower != "the", tokens[j].lower != "this" { j -= 1 }
            if j >= 0, tokens[j].lower == "the" || tokens[j].lower == "this" { found.append(k) }
        }
        return found
    }

    /// "Co plans to open 40 stores": a wire brief's "Co" with no name before it stands for the company.
    static func isShortCompany(_ tokens: [Token], _ k: Int) -> Bool {
        tokens[k].text == "Co" && (k == 0 || !tokens[k - 1].isCapitalized)
    }

    /// A year written with two digits ("4Q98", "3Q24") in full: up to 69 in this century.
    static func fullYear(_ year: Int) -> Int { year >= 100 ? year : year <= 69 ? 2000 + year : 1900 + year }

    /// Ordinal words of quarters ("third", "third-quarter"), for ``periodMentions()``.
    static let quarterOrdinals = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "first-quarter": 1, "second-quarter": 2,
        "third-quarter": 3, "fourth-quarter": 4
    ]
    /// Words before a year that the year completes ("in 2025", "for 2025", "of 2025").
    static let yearPrepositions: WordSet = ["in", "for", "of"]

    /// Where the sentence names periods, with their labels ("Q3 2019", "FY2016", "H1", "2022"): quarters,
    /// halves and fiscal years in order of position, then years after "in", "for" or "of" that are not part
    /// of one of those, then "last year" (no label).
    func periodMentions() -> [PeriodMention] { Self.periodMentions(in: words) }

    /// ``periodMentions()`` of any lower-cased words: a title's, or a sentence's that states no figure.
    static func periodMentions(in words: [String]) -> [PeriodMention] {
        func year(at k: Int) -> String? {
            guard k >= 0, k < words.count, words[k].utf8.count == 4, let value = Int(words[k]),
                (1990...2100).contains(value)
            else { return nil }
            return words[k]
        }
        func yearEnded(after k: Int) -> String? {
            guard k + 2 < words.count, ["ended", "ending", "to", "through"].contains(words[k + 1]),
                PeriodResolver.month(words[k + 2]) != nil
            else { return nil }
            for j in (k + 3)...(k + 5) {
                if let y = year(at: j) { return y }
                guard j < words.count, words[j] == "," || (words[j].utf8.count <= 2 && Int(words[j]) != nil) else {
                    return nil
                }
            }
            return nil
        }
        func yearNear(_ k: Int) -> String? {
            for j in [k + 1, k + 2, k + 3, k - 1] { if let y = year(at: j) { return y } }
            return nil
        }
        let ordinals = Self.quarterOrdinals
        var named: [PeriodMention] = []
        for (k, word) in words.enumerated() {
            // Every mention starts with q, f, s, t, y or a digit from 1 to 4 ("q3", "first", "fiscal", "fy24",
            // "second", "third", "year", "4q24"): most words stop here.
            guard let first = word.utf8.first,
                first == 113 || first == 102 || first == 115 || first == 116 || first == 121
                    || (49...52).contains(first)
            else {
                continue
            }
            // "4Q14", "3Q2018", "2Q", "1H16": the analysts' shorthand for a quarter or a half.
            if first <= 52 {
                let rest = word.utf8.dropFirst(2)
                let part = word.utf8.dropFirst().first
                guard part == 113 || part == 104 && first <= 50, rest.count == 0 || rest.count == 2 || rest.count == 4,
                    rest.allSatisfy({ (48...57).contains($0) })
                else { continue }
                let n = (part == 113 ? "Q" : "H") + String(Int(first) - 48)
                let year =
                    rest.isEmpty
                    ? yearNear(k).map { " \($0)" } ?? ""
                    : " " + String(Self.fullYear(Int(String(decoding: rest, as: UTF8.self)) ?? 0))
                named.append(PeriodMention(token: k, label: "\(n)\(year)"))
                continue
            }
            // "the year ended December 31, 2024", "the fiscal year ending March 2026", "the business year to March
            // 2026": the fiscal year the span ends in.
            if word == "year", let y = yearEnded(after: k) {
                named.append(PeriodMention(token: k, label: "FY\(y)"))
                continue
            }
            if word.count >= 2, word.hasPrefix("q"), let n = Int(String(word.dropFirst().prefix(1))),
                (1...4).contains(n)
            {
                let rest = word.dropFirst(2)
                if rest.isEmpty {
                    named.append(PeriodMention(token: k, label: "Q\(n)" + (yearNear(k).map { " \($0)" } ?? "")))
                    continue
                }
                if rest.count == 4, Int(rest) != nil {
                    named.append(PeriodMention(token: k, label: "Q\(n) \(rest)"))
                    continue
                }
            }
            if let n = ordinals[word], word.hasSuffix("quarter") || (k + 1 < words.count && words[k + 1] == "quarter") {
                named.append(PeriodMention(token: k, label: "Q\(n)" + (yearNear(k + 1).map { " \($0)" } ?? "")))
                continue
            }
            if word == "first" || word == "second", k + 1 < words.count, words[k + 1] == "half" {
                let label = (word == "first" ? "H1" : "H2") + (yearNear(k + 1).map { " \($0)" } ?? "")
                named.append(PeriodMention(token: k, label: label))
                continue
            }
            if word == "fiscal" || word == "fy",
                let y = year(at: k + 1) ?? (k + 2 < words.count && words[k + 1] == "year" ? year(at: k + 2) : nil)
            {
                named.append(PeriodMention(token: k, label: "FY\(y)"))
                continue
            }
            if word.hasPrefix("fy"), word.utf8.count == 6, Int(word.dropFirst(2)) != nil {
                named.append(PeriodMention(token: k, label: "FY" + word.dropFirst(2)))
            }
        }
        var years: [PeriodMention] = []
        for (k, word) in words.enumerated() where word.utf8.count <= 3 && Self.yearPrepositions.contains(word) {
            // The year of "the fourth quarter of 2025" belongs to the quarter.
            guard let y = year(at: k + 1), !named.contains(where: { (($0.token + 1)...($0.token + 4)).contains(k + 1) })
            else { continue }
            years.append(PeriodMention(token: k + 1, label: y))
        }
        // "last year" names a period relative to the article's date: a figure it follows takes no label.
        var relative: [PeriodMention] = []
        for k in words.indices.dropLast()
        where words[k + 1] == "year" && ["last", "previous", "prior"].contains(words[k]) {
            relative.append(PeriodMention(token: k, label: nil))
        }
        // "up 34% from the first quarter of 2025", "compared with Q3 2024": the period a figure is compared with is
        // not the figure's.
        return (named + years).filter { !PeriodResolver.isComparisonBase(words, periodAt: $0.token) } + relative
    }

    /// The sentence's period: its first named quarter, half or fiscal year, else its first year after "in",
    /// "for" or "of".
    func period() -> String? { periodMentions().lazy.compactMap(\.label).first }

    /// The period of quantity `index`: the first mention after it and before the next quantity ("$840
    /// million in the fourth quarter, after $790 million in the third"), else the last mention before it,
    /// else the sentence's period.
    func period(of index: Int) -> String? {
        let mentions = mentionedPeriods
        guard mentions.count > 1, index < quantityTokens.count else { return sentencePeriod }
        let after = quantityTokens[index].upperBound
        let next = index + 1 < quantityTokens.count ? quantityTokens[index + 1].lowerBound : words.count
        if let own = mentions.filter({ $0.token >= after && $0.token < next }).min(by: { $0.token < $1.token }) {
            return own.label
        }
        if let before = mentions.filter({ $0.token < quantityTokens[index].lowerBound }).max(by: {
            $0.token < $1.token
        }) {
            return before.label
        }
        return sentencePeriod
    }

    /// Quantity `index` is in parentheses right after quantity `previous` ("CNY161.5 billion ($23.5 billion)").
    func isConversion(_ index: Int, of previous: Int) -> Bool {
        guard previous == index - 1 else { return false }
        let a = quantityTokens[previous].upperBound
        let b = quantityTokens[index].lowerBound
        return b == a + 1 && tokens[a].text == "(" && quantityTokens[index].upperBound < tokens.count
            && tokens[quantityTokens[index].upperBound].text == ")"
    }
}

/// A period named in a sentence: the token where it starts and its label ("Q3 2025", "H1", "FY2024", "2024"),
/// or no label for a period relative to the article's date ("last year").
struct PeriodMention: Sendable, Equatable {
    var token: Int
    var label: String?
}
