import Foundation

/// The learned half of fact extraction: which metric a quantity states (or none), and whose it is.
///
/// Every quantity the quantity layer finds is a candidate. A multiclass linear model over its features
/// (``CandidateFeatures/metric(_:)``) picks a metric key or `NONE`; a second linear model ranks the
/// companies it could belong to (``CandidateFeatures/companyOptions(_:metricKey:)``). The hand-written
/// rules still build what rules do well: the sign of a change, conversions in parentheses, periods,
/// statuses and derived R&D spend. The weights are trained by `factwire-train` on annotated articles
/// and shipped in ``FactModelWeights``; they hold hashed feature ids and numbers, no text.
public struct FactModel: Sendable {
    var metric: LinearModel
    var company: LinearModel
    /// A fact is kept when its best metric outscores `NONE` by more than this.
    public var threshold: Float
    /// Class indexes a quantity of each kind may take (from the training labels).
    var allowed: [Quantity.Kind: [Int]]

    /// The model built into this binary; nil if it cannot be read (then the rules decide alone).
    public static let shipped: FactModel? = try? FactModel(serialized: FactModelWeights.text)

    init(metric: LinearModel, company: LinearModel, threshold: Float, allowed: [Quantity.Kind: [Int]]) {
        self.metric = metric
        self.company = company
        self.threshold = threshold
        self.allowed = allowed
    }

    // MARK: - Inference

    /// The article's facts. `cancellation` is checked every few hundred candidates and figures, so a
    /// document of hundreds of thousands of figures stops soon after its job's deadline.
    func facts(in context: ArticleContext, cancellation: ExtractionCancellation? = nil) throws(ExtractionCancelled)
        -> [Fact]
    {
        let features = CandidateFeatures(context: context)
        var facts: [Fact] = []
        var factOfCandidate: [Int: Int] = [:]
        var sentenceOfFact: [Int] = []
        // (the comparative, the figure it is the earlier value of), by index in `facts`.
        var priorOfFact: [(Int, Int)] = []
        var quantityOfFact: [Int] = []
        var chain: SubjectChain?
        for (ci, read) in context.candidates.enumerated() {
            if ci % 256 == 0 { try cancellation?.check() }
            var candidate = read
            let sentence = context.sentences[candidate.sentence]
            let q = sentence.reading.quantities[candidate.quantity]
            guard
                let (decidedKey, priorOf) = decide(
                    candidate, in: sentence, features: features, previous: facts.last,
                    previousInSentence: sentenceOfFact.last == candidate.sentence)
            else { continue }
            // A conversion in parentheses is another form of the figure before it (whether or not the rules read
            // the pair: their `conversionOf` is always this candidate when set).
            let primary = Self.primaryOfConversion(ci, in: context)
            if let primary, let at = factOfCandidate[primary], facts[at].unit != q.unit {
                facts[at].alternatives =
                    (facts[at].alternatives ?? []) + [Fact.Alternative(value: q.value, unit: q.unit)]
                continue
            }
            // When the figure before it was not kept, the conversion speaks for it: the pair is one figure, kept
            // in the currency the text gives first ("revenue rose to $2.3 billion (€2.1bn)").
            var conversion: Quantity?
            if let primary, factOfCandidate[primary] == nil, primary == ci - 1 {
                conversion = q
                candidate = context.candidates[primary]
            }
            let options = features.companyOptions(candidate, metricKey: decidedKey)
            var best = options.count - 1
            var bestScore = -Float.infinity
            // A name in an aside about the subject ("Kestrel, a unit of Marlow Group, posted …") owns none of
            // the sentence's figures.
            for (index, option) in options.enumerated() where !option.isAside {
                let score = company.score(option.features)
                if score > bestScore {
                    bestScore = score
                    best = index
                }
            }
            let at = candidate.quantity
            let structural =
                Self.respectiveOwner(candidate, in: sentence) ?? Self.parenthesizedOwner(at, in: sentence)
                ?? Self.listItemOwner(at, in: sentence) ?? Self.relativeOwner(at, in: sentence)
                ?? Self.rowOwner(sentence)
            // Figures of one clause chain with no name between them share their subject ("the group booked sales
            // of €4.1 billion, a gain of 7%, and an operating profit of €380 million"): the first figure's company,
            // read nearest the subject, holds for the rest.
            var joined: SubjectChain?
            if structural == nil, let previous = chain,
                previous.continues(at: candidate, lastFact: facts.count - 1, in: sentence),
                let index = options.firstIndex(where: { $0.name == previous.company && !$0.isAside })
            {
                best = index
                joined = previous
            }
            let ranked = options[best].name
            var owner = structural ?? ranked
            // The ranker gave the figure to a company the sentence does not name, though the sentence names
            // exactly one before it: that one is the subject ("Acme Corp today reported net income of …").
            if let picked = owner, !sentence.mentions.contains(where: { $0.name == picked }) {
                let start = sentence.reading.quantityTokens[candidate.quantity].lowerBound
                let asides = Set(options.filter(\.isAside).compactMap(\.name))
                let named = Set(
                    sentence.mentions.filter { !$0.isSource && $0.last < start && !asides.contains($0.name) }.map(
                        \.name))
                if named.count == 1, sentence.mentions.filter({ !$0.isSource }).count == 1 { owner = named.first }
            }
            var key = decidedKey
            // A whole market's revenue, shipments or growth ("global widget revenue rose 4%") is no company's; so is
            // the whole a company's share is taken of ("24.6 percent of the 91.3 million units shipped worldwide").
            if Self.isMarketSubject(sentence, quantity: candidate.quantity)
                || Self.isWholeOfShare(sentence.reading, quantity: candidate.quantity),
                let market = Self.marketLevel(key)
            {
                owner = nil
                key = market
            }
            // Table rows and list lines labelled "Others" lump the rest together: no fact. A "Total" row is
            // the market's.
            switch Self.rowLabel(sentence) {
            case "other", "others": continue
            case "total":
                guard let market = Self.marketLevel(key) else { continue }
                owner = nil
                key = market
            default: break
            }
            // With no name to take, consolidated accounts are the company's the sentence is about.
            if owner == nil, Self.isConsolidated(sentence.reading, key: key) {
                owner = candidate.focus ?? features.context.main
            }
            // A figure of a name the article calls a segment or division ("our Imaging businesses … sales fell
            // 2%") is a segment figure, not the reporting company's.
            if let owner, owner != features.context.main, features.context.salience.businessLines.contains(owner) {
                continue
            }
            guard let reading = Self.marketReading(owner: owner, key: key) else { continue }
            (owner, key) = reading
            guard var fact = Self.fact(key: key, company: owner, candidate: candidate, sentence: sentence),
                Self.isPlausible(fact, sentence: sentence, quantity: candidate.quantity)
            else { continue }
            if let priorOf {
                if let figure = facts.indices.last { priorOfFact.append((facts.count, figure)) }
                fact.company = priorOf.company
                if fact.unit == "percent" { fact.value = abs(fact.value) }
                fact.period = priorOf.period.flatMap(Self.yearBefore)
            }
            // A fact whose company is the ranker's joins (or starts) the chain.
            if structural == nil, priorOf == nil, let company = fact.company, company == ranked {
                if var joined {
                    joined.lastFact = facts.count
                    joined.quantity = candidate.quantity
                    chain = joined
                } else {
                    chain = SubjectChain(
                        sentence: candidate.sentence, quantity: candidate.quantity, lastFact: facts.count,
                        company: company, in: sentence)
                }
            } else {
                chain = nil
            }
            if let conversion {
                fact.alternatives =
                    (fact.alternatives ?? []) + [Fact.Alternative(value: conversion.value, unit: conversion.unit)]
            }
            factOfCandidate[ci] = facts.count
            facts.append(fact)
            sentenceOfFact.append(candidate.sentence)
            quantityOfFact.append(candidate.quantity)
        }
        // Each sentence's period cues are read once, for all of its figures (labels first, then canonical periods).
        var cues: [Int: PeriodResolver.Cues] = [:]
        func cuesOf(_ sentence: Int) -> PeriodResolver.Cues {
            if let known = cues[sentence] { return known }
            let read = PeriodResolver.Cues(words: context.sentences[sentence].reading.words)
            cues[sentence] = read
            return read
        }
        let yearAgo = Self.resolvePeriods(
            &facts, sentenceOfFact: sentenceOfFact, quantityOfFact: quantityOfFact, context: context, cues: cuesOf)
        let rupees = facts.contains { $0.unit == "INR" }
        var calendars: [FiscalCalendar] = []
        calendars.reserveCapacity(facts.count)
        for index in facts.indices {
            if index % 256 == 0 { try cancellation?.check() }
            let calendar = PeriodResolver.calendar(
                stated: context.statedCalendar,
                remembered: facts[index].company.flatMap { context.rememberedYearEnds[$0] },
                rupees: rupees)
            calendars.append(calendar)
            facts[index].canonicalPeriod = PeriodResolver.resolve(
                label: facts[index].period, cues: cuesOf(sentenceOfFact[index]), published: context.published,
                calendar: calendar)
        }
        // Without a publication date, a period without a year takes the fiscal year of its sentence's other
        // figures (an actual one first): "$5 billion in Q3 2025, and $4.6 billion in Q2".
        if context.published == nil {
            var start = 0
            while start < facts.count {
                var end = start
                while end < facts.count, sentenceOfFact[end] == sentenceOfFact[start] { end += 1 }
                let group = start..<end
                let anchor =
                    group.first { facts[$0].status == .actual && facts[$0].canonicalPeriod?.fiscalYear != nil }
                    ?? group.first { facts[$0].canonicalPeriod?.fiscalYear != nil }
                if let anchor, let year = facts[anchor].canonicalPeriod?.fiscalYear {
                    for index in group where facts[index].canonicalPeriod?.fiscalYear == nil {
                        facts[index].canonicalPeriod = PeriodResolver.resolve(
                            label: facts[index].period, cues: cuesOf(sentenceOfFact[index]), published: nil,
                            calendar: calendars[index], sentenceYear: year)
                    }
                }
                start = end
            }
            // Then the article's: a quarter without a year is in the fiscal year of the figure before it (or, before
            // any, the first one the article places): "Q3 2011 revenue …" and later "Q3 operating profit …".
            var year = facts.lazy.compactMap { $0.canonicalPeriod?.fiscalYear }.first
            for index in facts.indices {
                if let known = facts[index].canonicalPeriod?.fiscalYear {
                    year = known
                } else if let year, facts[index].period != nil {
                    facts[index].canonicalPeriod = PeriodResolver.resolve(
                        label: facts[index].period, cues: cuesOf(sentenceOfFact[index]), published: nil,
                        calendar: calendars[index], sentenceYear: year)
                }
            }
        }
        // A comparative is for the period before its figure's: the earlier value of a share ("up from 9%"),
        // an amount after "from" in a sentence that says when ("up from $3.9 billion a year earlier"), or the
        // first of "from 22% to 24%" and the second of "to $41 billion from $37.7 billion" (a year before, unless
        // the sentence says otherwise, as for shares).
        let shareComparatives = Set(priorOfFact.map(\.0))
        let comparatives =
            priorOfFact.map { (prior: $0.0, figure: $0.1) }
            + facts.indices.compactMap { index -> (prior: Int, figure: Int)? in
                let reading = context.sentences[sentenceOfFact[index]].reading
                guard !shareComparatives.contains(index), Self.followsFrom(reading, quantity: quantityOfFact[index]),
                    !Self.namesOwnPeriod(reading, quantity: quantityOfFact[index]),
                    cuesOf(sentenceOfFact[index]).comparison != nil
                        || Self.leadsToNext(reading, quantity: quantityOfFact[index])
                        || Self.followsToPrevious(reading, quantity: quantityOfFact[index])
                else { return nil }
                return (index, index)
            }
        for (prior, figure) in comparatives {
            let quarters = cuesOf(sentenceOfFact[prior]).comparison ?? 4
            if let period = facts[figure].canonicalPeriod?.earlier(quarters: quarters) {
                facts[prior].canonicalPeriod = period
            }
        }
        // "from NT$491 billion last year" (``resolvePeriods(_:sentenceOfFact:quantityOfFact:context:cues:)``), unless
        // a comparison above moved it already.
        let moved = Set(comparatives.map(\.prior))
        for index in yearAgo where !moved.contains(index) {
            if let period = facts[index].canonicalPeriod?.earlier(quarters: 4) { facts[index].canonicalPeriod = period }
        }
        // Derived R&D spend, sentence by sentence.
        var out: [Fact] = []
        var start = 0
        while start < facts.count {
            var end = start
            while end < facts.count, sentenceOfFact[end] == sentenceOfFact[start] { end += 1 }
            let group = Array(facts[start..<end])
            out += group + FactExtractor.State.derived(from: group)
            start = end
        }
        return out
    }

    /// The metric key of a candidate, or nil for no fact: the model's decision, with what the rules know for
    /// sure on top — and, for "up from 9%" after a share, the share fact it is the earlier value of.
    func decide(
        _ candidate: Candidate, in sentence: ReadSentence, features: CandidateFeatures, previous: Fact?,
        previousInSentence: Bool
    ) -> (key: String, priorOf: Fact?)? {
        let q = sentence.reading.quantities[candidate.quantity]
        // Kinds no training fact had (percentage points) are never facts: no features to compute.
        guard allowed[q.kind]?.contains(where: { $0 != 0 }) == true else { return nil }
        // "€2.4bn (3.1)% 0.8% €1.7bn 2.6%": a row of figures without a word of label says neither whose nor what.
        if sentence.row != nil, Self.isUnlabelled(sentence.reading) { return nil }
        if let metric = TableReader.groupedMetric(sentence, quantity: candidate.quantity) { return (metric, nil) }
        // A business line's figure, not the company's: "revenue from its lighting unit", "Lighting: revenue was…".
        if Self.isSegmentFigure(
            sentence, quantity: candidate.quantity, main: features.context.main,
            isCompany: { features.context.salience.isStrong($0) || $0 == features.context.main })
        {
            return nil
        }
        // What analysts expected, not what the company reported: "beat expectations of $40 million",
        // "$3.2 billion expected", "the €1.8 billion consensus".
        if Self.isExpectation(sentence.reading, quantity: candidate.quantity) { return nil }
        // "Earlier, it had projected net income of …": a forecast made before and replaced.
        if sentence.reading.isEarlierForecast(sentence.reading.quantityTokens[candidate.quantity]) { return nil }
        if sentence.reading.isReplacedForecast(candidate.quantity) { return nil }
        // "On average, the listed firms put 9 percent of sales into research", "up 3.4% on average across the group":
        // an average over a group is no one company's figure.
        if Self.isGroupAverage(sentence.reading) { return nil }
        // The parent's "standalone" profit beside the group's consolidated one: the parent alone, a
        // part of the group, as Indian results report both (standalone figures are the company's when they are all).
        if features.context.reportsConsolidated,
            sentence.reading.words.contains(where: { $0 == "standalone" || $0 == "stand-alone" }),
            !sentence.reading.words.contains("consolidated")
        {
            return nil
        }
        // "the top 10 foundries' revenue reached $34.9 billion, a 9.1% increase": a group's total and its growth are
        // no one company's.
        if q.kind != .percent || Self.isChange(sentence.reading, quantity: candidate.quantity),
            Self.isGroupTotal(sentence.reading, quantity: candidate.quantity)
        {
            return nil
        }
        // "Kestrel Industries rose 1.5% to Rs 824.25": a share price's move (a price, not an amount of the accounts).
        if q.kind == .percent, Self.movesToPrice(sentence.reading, quantity: candidate.quantity) { return nil }
        // "nearly 30 percent above forecast", "5% ahead of estimates": how far a figure beat a prediction.
        if q.kind == .percent, Self.isBeatMargin(sentence.reading, quantity: candidate.quantity) { return nil }
        // "the duty on Kestrel's cars is 17 per cent": a rate a government levies, no figure of the company's.
        if q.kind == .percent, Self.isLevyRate(sentence.reading, quantity: candidate.quantity) { return nil }
        // "passed 4 trillion won for the first time", "the 30 trillion won mark": a round line a figure crossed, not
        // the figure.
        if q.kind == .money, Self.isThreshold(sentence.reading, quantity: candidate.quantity) { return nil }
        if Self.isDifferenceColumn(sentence.reading, quantity: candidate.quantity) { return nil }
        // "revenue increased by $2bn", "a decrease of 2.6 million units": how much a figure changed, not a level.
        if q.kind != .percent, sentence.reading.isAbsoluteChange(sentence.reading.quantityTokens[candidate.quantity]) {
            return nil
        }
        if Self.followsBlock(sentence.reading, quantity: candidate.quantity) { return nil }
        // "added 3.3 million subscribers", "120 million monthly users": an audience, none of the metrics (units
        // shipped are products, headcount is staff).
        if q.kind == .count, Self.audienceNouns.contains(q.unit) { return nil }
        // "In the U.K., Kestrel held 31% of unit sales": a region's part, unless the article is about that region
        // (its title names it).
        if let region = CandidateFeatures.leadingRegion(sentence.reading.tokens),
            !region.allSatisfy(features.context.titleWords.contains)
        {
            return nil
        }
        var decided = decideMetric(features.metric(candidate), kind: q.kind)?.0
        // The rules' reading of a share of revenue on R&D ("11 percent of its revenue on research and
        // development") is specific enough to stand when the model leaves the figure alone.
        if decided == nil, let rule = candidate.rule, rule.metric == .rdShareOfRevenue {
            decided = rule.metric.rawValue
        }
        // "which employs 5,400 people": people are no products shipped, whatever the words around them suggest.
        if decided == Fact.Metric.shipments.rawValue, SentenceReading.employeeUnits.contains(q.unit) { decided = nil }
        // Headcounts are rare in training (a few per hundred articles), too rare for the model to learn; the rules'
        // reading ("employs 48,000 people", "has 2,300 employees") stands when the model has none.
        if decided == nil, q.kind == .count, let rule = candidate.rule, rule.metric == .employees {
            decided = rule.metric.rawValue
        }
        // "orders and revenue were €7.3 billion and €6.8 billion, respectively": the rules pair the amounts with the
        // measures in order, which a bag of nearby words cannot tell apart; their reading stands when the model has none.
        if decided == nil, q.kind == .money, sentence.reading.saysRespectively, let rule = candidate.rule,
            [.revenue, .netIncome, .operatingProfit, .rdSpend].contains(rule.metric),
            sentence.reading.respectiveList(candidate.quantity) != nil
        {
            decided = CandidateFeatures.key(rule)
        }
        // "Its underlying EBITDA for the half came to €612 million": an amount next to a measure of its own name
        // (pre-tax profit, EBITDA, gross profit) is that measure, which the broad classes cannot tell apart.
        if let current = decided, q.kind == .money,
            [Fact.Metric.revenue, .netIncome, .operatingProfit].map(\.rawValue).contains(current),
            let named = Self.namedMeasure(sentence.reading, quantity: candidate.quantity),
            metric.classes.contains(named)
        {
            decided = named
        }
        // A growth rate grows what the rules read next to it when they read one ("EBITDA … up 3%").
        if decided?.hasPrefix("growth:") == true, let rule = candidate.rule, rule.metric == .growth,
            let of = rule.growthOf, !of.isEmpty
        {
            decided = "growth:" + of
        }
        // A share is a level: a percent that is a change ("down 4.6 percent", "+11%", "a 5% increase") is
        // growth of what the rules read it as growing, or nothing.
        if decided == Fact.Metric.marketShare.rawValue, Self.isChange(sentence.reading, quantity: candidate.quantity) {
            if let rule = candidate.rule, rule.metric == .growth, let of = rule.growthOf, !of.isEmpty {
                decided = "growth:" + of
            } else {
                decided = Self.shareGrowthBasis(sentence.reading, quantity: candidate.quantity)
            }
        }
        // R&D intensity is a level too: "raised its R&D spending by 18 percent", "research outlays rose 9%" (and no
        // "of sales" after it) is the growth of the spending.
        if decided == Fact.Metric.rdShareOfRevenue.rawValue,
            Self.isChange(sentence.reading, quantity: candidate.quantity),
            !Self.isPartOfAmount(sentence.reading, quantity: candidate.quantity),
            metric.classes.contains("growth:rd_spend")
        {
            decided = "growth:rd_spend"
        }
        // "operating profit: 6.2 billion euros, 19.1% of sales", "93% of the company's profit": a part of an
        // amount is a ratio, never a growth rate.
        if decided?.hasPrefix("growth:") == true, Self.isPartOfAmount(sentence.reading, quantity: candidate.quantity) {
            decided = nil
        }
        // "Cloud, which accounted for 31% of Kestrel's revenue, grew 12% to $4.1 billion": the part's revenue.
        if decided == Fact.Metric.revenue.rawValue || decided == "growth:revenue",
            Self.isPartOfRevenue(sentence.reading)
        {
            decided = nil
        }
        // "EPS-diluted $ 3.10 $ 2.40 29.2 %", "Subscribers: 41M (+9%)": the growth of a figure that is none of the
        // metrics.
        if decided?.hasPrefix("growth:") == true, Self.growsNoMetric(sentence.reading, quantity: candidate.quantity) {
            decided = nil
        }
        // "down from 17.4 percent a year earlier", "up from 52 percent in 2019": the percent after "from" is where a
        // level started, not how much it changed.
        if decided?.hasPrefix("growth:") == true, q.kind == .percent,
            Self.followsFrom(sentence.reading, quantity: candidate.quantity)
        {
            decided = nil
        }
        // "Operating income reached 410.2 billion won, compared with a loss of 215.6 billion won": a bare loss after an
        // operating measure is that measure's.
        if decided == Fact.Metric.netIncome.rawValue, q.kind == .money,
            sentence.reading.nearestCue(candidate.quantity) == .netLoss,
            let loss = sentence.reading.cues.last(where: {
                $0.cue == .netLoss
                    && $0.range.upperBound <= sentence.reading.quantityTokens[candidate.quantity].lowerBound
            }), sentence.reading.lossMetric(loss) == .operatingProfit
        {
            decided = Fact.Metric.operatingProfit.rawValue
        }
        // "unit sales rose 4% to 880,000 vehicles": sales counted in units grow shipments, not revenue (in the
        // figure's own clause: not "Marlow shipped 3.1 million units, while Kestrel sales fell 2%").
        let clauseOf = { (quantity: Int) in
            sentence.reading.clause[sentence.reading.quantityTokens[quantity].lowerBound]
        }
        if decided == "growth:revenue",
            sentence.reading.quantities.indices.contains(where: {
                sentence.reading.quantities[$0].kind == .count && sentence.reading.quantities[$0].unit == "units"
                    && clauseOf($0) == clauseOf(candidate.quantity)
            }),
            !sentence.reading.quantities.contains(where: { $0.kind == .money })
        {
            decided = "growth:shipments"
        }
        // "EMEA made up 27% of the market, against 14% for APAC": a region's part, no company's share.
        if decided == Fact.Metric.marketShare.rawValue,
            Self.isRegionShare(sentence.reading, quantity: candidate.quantity)
        {
            decided = nil
        }
        // "spends 9 percent of its sales on research": what the rules read as R&D intensity is not a share.
        if decided == Fact.Metric.marketShare.rawValue, let rule = candidate.rule, rule.metric == .rdShareOfRevenue {
            decided = rule.metric.rawValue
        }
        // "Kestrel puts 14% into it, Marlow spends about 12%" in an article about research spending: a percent a company
        // spends, or R&D "as a percentage of sales", is its R&D intensity.
        if decided == nil, q.kind == .percent, features.context.isAboutResearch,
            Self.isSpendingShare(sentence.reading, quantity: candidate.quantity)
                || previousInSentence && previous?.metric == .rdShareOfRevenue
                    && Self.continuesList(sentence.reading, quantity: candidate.quantity)
        {
            decided = Fact.Metric.rdShareOfRevenue.rawValue
        }
        // "lifted its turnover outlook to $12 billion from $11 billion": the new forecast, of the measure named.
        if let metric = sentence.reading.revisedForecastMetric(candidate.quantity) { decided = metric.rawValue }
        if decided == nil, q.kind == .money, features.context.isAboutResearch,
            Self.isResearchOutlay(
                sentence.reading, quantity: candidate.quantity,
                mentions: Set(sentence.mentions.filter { !$0.isSource }.map(\.name)).count)
        {
            decided = Fact.Metric.rdSpend.rawValue
        }
        // A table cell the model leaves alone takes its metric from its column's header when the header
        // names exactly one ("Q4 2024 Shipments | Market Share | …").
        if decided == nil, let row = sentence.row {
            decided = TableReader.columnMetric(row, reading: sentence.reading, quantity: candidate.quantity)
        }
        // "growing at a CAGR of 22.3%", "a 6% compound annual growth rate" in a sentence about a market or an
        // industry: the market's growth, a rate per year.
        if decided == nil, q.kind == .percent,
            Self.isCompoundAnnualRate(sentence.reading, quantity: candidate.quantity),
            sentence.reading.words.contains(where: { $0 == "market" || $0 == "industry" || $0 == "markets" })
        {
            decided = "growth:market_size"
        }
        // "The worldwide widget market was worth $42.7 billion last year and should reach $96.1 billion by 2031":
        // an amount in a sentence whose subject is a market, and that names no company, is its size.
        if decided == nil, q.kind == .money, Self.isMarketValue(sentence) {
            decided = Fact.Metric.marketSize.rawValue
        }
        // "global heat pump shipments fell 6.2% to 41 million units": a whole market's figures, when the model
        // left them alone.
        if decided == nil, Self.isMarketSubject(sentence, quantity: candidate.quantity) {
            // (not "up from 19 percent": the earlier level of a share)
            if q.kind == .percent, Self.isChange(sentence.reading, quantity: candidate.quantity),
                !Self.followsFrom(sentence.reading, quantity: candidate.quantity)
            {
                decided = "growth:market_size"
            } else if q.kind == .money || q.kind == .count && q.unit == "units" {
                decided = Fact.Metric.marketSize.rawValue
            }
        }
        // "Kestrel (12.5%) and Marlow (9.1%)" in a sentence about shares ("accounting for"): each name's share.
        if decided == nil, q.kind == .percent, Self.parenthesizedOwner(candidate.quantity, in: sentence) != nil,
            sentence.reading.tokens.contains(where: {
                ["share", "shares", "market", "accounting", "accounted"].contains($0.lower)
            })
        {
            decided = Fact.Metric.marketShare.rawValue
        }
        // "8.2% of the market", "22.6 percent of the global shipments", "24.4 percent share", "market shares
        // of 8.2% and 5.3%": a share by what it is a part of, or by name.
        if decided == nil, q.kind == .percent,
            Self.isPartOfMarket(sentence.reading, quantity: candidate.quantity)
                || Self.isNamedShare(sentence.reading, quantity: candidate.quantity)
                || Self.followsShareOf(sentence.reading, quantity: candidate.quantity)
                || Self.isShareReached(sentence.reading, quantity: candidate.quantity)
                || Self.isShareLeft(sentence.reading, quantity: candidate.quantity)
        {
            decided = Fact.Metric.marketShare.rawValue
        }
        // "a combined share of 35%", "the top five took 64% of the market": a group's share, no one's; nor a
        // region's the share rules just read ("Latin America came first, with a market share of 12%").
        if decided == Fact.Metric.marketShare.rawValue,
            Self.isGroupShare(sentence.reading, quantity: candidate.quantity)
                || Self.isRegionShare(sentence.reading, quantity: candidate.quantity)
        {
            decided = nil
        }
        // "R&D was 11% of revenue, up from 9% a year earlier": a percent read "from" after a share is that
        // share's earlier value, not a growth rate (and not nothing).
        // When the percent starts its own "from … to …" ("Marlow gained from 11% to 13%"), that earlier value is the
        // later figure's, whose owner the sentence names before it: the same measure, not the figure before's.
        if q.kind == .percent, previousInSentence, let last = previous,
            last.metric == .rdShareOfRevenue || last.metric == .marketShare,
            decided == nil || decided?.hasPrefix("growth:") == true || decided == last.metric.rawValue,
            Self.followsFrom(sentence.reading, quantity: candidate.quantity)
        {
            return Self.leadsToNext(sentence.reading, quantity: candidate.quantity)
                ? (last.metric.rawValue, nil) : (last.metric.rawValue, last)
        }
        // "posted revenue of $4.2 billion, up 6% from last year", "net income: $810 million, up 3 percent":
        // a change right after a figure the sentence just gave is that figure's growth.
        // This overrides a growth the model gave to another metric when no metric is named between the two figures
        // or right after the change ("net sales of ¥443 billion (up 16.7% year on year)"; not "… crore on a 12.5%
        // increase in net sales"), and the figures do not pair up "respectively".
        if q.kind == .percent, decided == nil || decided?.hasPrefix("growth:") == true, previousInSentence,
            let last = previous,
            ![.growth, .marketShare, .rdShareOfRevenue].contains(last.metric),
            Self.isChange(sentence.reading, quantity: candidate.quantity),
            // right after that figure: the quantity before this one is it, a few words back
            candidate.quantity > 0,
            sentence.reading.quantities[candidate.quantity - 1].value == last.value,
            sentence.reading.quantityTokens[candidate.quantity].lowerBound
                - sentence.reading.quantityTokens[candidate.quantity - 1].upperBound <= 6,
            decided == nil
                || !sentence.reading.saysRespectively
                    && !sentence.reading.cues.contains(where: {
                        $0.range.lowerBound >= sentence.reading.quantityTokens[candidate.quantity - 1].upperBound
                            && $0.range.lowerBound <= sentence.reading.quantityTokens[candidate.quantity].upperBound + 4
                    })
        {
            let base = last.metric == .other ? (last.metricDetail ?? "") : last.metric.rawValue
            if !base.isEmpty { decided = "growth:" + base }
        }
        // "rose to 310 million euros from 280 million", "compared with a loss of 95 billion won a year
        // ago": an amount set against the figure before it, in the same currency, is that figure a period
        // earlier.
        if q.kind == .money, decided == nil, previousInSentence, let last = previous, last.unit == q.unit,
            last.metric != .growth, Self.isComparedAmount(sentence.reading, quantity: candidate.quantity)
        {
            return (CandidateFeatures.key(last), last)
        }
        return decided.map { ($0, nil) }
    }

    /// Words of change right before a percent ("fell 4.1 percent", "up by 3%") or right after it ("a 5%
    /// increase", "12% growth").
    static let changeBefore: WordSet = [
        "up", "down", "rose", "rise", "rises", "risen", "fell", "fall", "falls", "fallen", "dropped", "drop", "drops",
        "declined", "decline", "declines", "increased", "increase", "increases", "increasing", "decreased", "decrease",
        "decreasing", "grew", "grow", "grows", "growing", "gained", "gain", "jumped", "jump", "climbed", "slipped",
        "slid", "plunged", "surged", "soared", "slumped", "tumbled", "shrank", "contracted", "expanded", "improved",
        "rising", "falling", "dropping", "declining", "climbing", "slipping", "jumping", "surging", "sliding",
        "grown", "shrunk", "shrinking", "expanding"
    ]
    static let changeAfter: WordSet = [
        "increase", "decrease", "decline", "growth", "rise", "drop", "jump", "gain", "fall", "higher", "lower",
        "yoy", "qoq", "year-on-year", "year-over-year", "quarter-on-quarter", "quarter-over-quarter", "more", "less"
    ]

    /// Whether a percent is a change rather than a level: signed, or next to a word of change (not across "to" or "from").
    static func isChange(_ reading: SentenceReading, quantity: Int) -> Bool {
        let q = reading.quantities[quantity]
        if q.text.hasPrefix("+") || q.text.hasPrefix("-") || q.text.hasPrefix("\u{2212}") { return true }
        // "(4.8)%": a percent in accounting parentheses is a fall; no share or level is negative.
        if q.kind == .percent, q.value < 0 { return true }
        let tokens = reading.tokens
        let range = reading.quantityTokens[quantity]
        // A sign written against the number ("+11%", "−2.1%").
        if range.lowerBound > 0, ["+", "-", "\u{2212}"].contains(tokens[range.lowerBound - 1].text),
            tokens[range.lowerBound - 1].end == tokens[range.lowerBound].start
        {
            return true
        }
        var k = range.lowerBound - 1
        var looked = 0
        while k >= 0, looked < 3 {
            let word = tokens[k].lower
            // "slipped to 41 percent", "dropped from 11% to 9%": a level the figure moved to or from, not the change.
            if word == "to" || word == "from" { break }
            if Self.changeBefore.contains(word) { return true }
            if !["by", "about", "around", "nearly", "almost", "some", "over", "roughly", "a", "an"].contains(word) {
                looked += 1
            }
            k -= 1
        }
        if range.upperBound < tokens.count, Self.changeAfter.contains(tokens[range.upperBound]) { return true }
        return false
    }

    /// Words before a share that make it a group's: "combined", "together", "the top three", "these two".
    static func isGroupShare(_ reading: SentenceReading, quantity: Int) -> Bool {
        // "the two vendors took 22% and 15% respectively": each its own.
        guard !reading.saysRespectively else { return false }
        let tokens = reading.tokens
        let start = reading.quantityTokens[quantity].lowerBound
        let before = tokens[max(0, start - 8)..<start].map(\.lower)
        if (max(0, start - 8)..<start).contains(where: { Self.jointWords.contains(tokens[$0]) }) {
            return true
        }
        let counts: Set<String> = ["two", "three", "four", "five", "ten", "2", "3", "4", "5", "10"]
        for (index, word) in before.enumerated() where index + 1 < before.count && counts.contains(before[index + 1]) {
            if ["top", "these", "the", "both", "biggest", "largest", "leading"].contains(word) { return true }
        }
        return false
    }

    /// Block cues that name a measure of their own, never a word of a market figure's sentence ("invested",
    /// "cost", "shares" may be).
    static let measuresOtherThings: WordSet = [
        "eps", "per share", "earnings per share", "per-share", "a share", "per equity share", "dividend", "dividends",
        "margin", "margins", "price", "prices", "stock", "market value", "valuation", "market capitalization",
        "market capitalisation", "market cap"
    ]

    /// Whether a sentence that names no company speaks of a market's value: "market" before its first figure
    /// (not "market share", "market cap"), a word of size or value, and no region before the figure.
    static func isMarketValue(_ sentence: ReadSentence) -> Bool {
        guard !sentence.reading.quantityTokens.isEmpty else { return false }
        guard !sentence.mentions.contains(where: { !$0.isSource }) else { return false }
        let words = sentence.reading.words
        let first = sentence.reading.quantityTokens[0].lowerBound
        guard
            let market = words[..<first].firstIndex(where: { $0 == "market" || $0 == "industry" }),
            market + 1 >= words.count
                || !["share", "shares", "cap", "capitalization", "capitalisation", "value"].contains(words[market + 1])
        else { return false }
        let sizeWords: Set<String> = ["valued", "worth", "size", "value", "reach", "reached", "totaled", "totalled"]
        // "the widget market in Canada stood at …": a region's part of the market.
        return words.contains(where: sizeWords.contains)
            && CandidateFeatures.region(sentence.reading.tokens, in: 0..<first) == nil
    }

    /// Whether a figure's subject is a whole market: before the figure stands "global", "worldwide" or
    /// "overall" leading a measure ("global heat pump shipments fell 6%", "worldwide widget industry revenue
    /// reached $4.1 billion", "the overall market grew 9%"), not a company's ("its global sales", "Kestrel's
    /// worldwide revenue", "worldwide net sales"), and no company is named before the figure outside that
    /// phrase.
    static func isMarketSubject(_ sentence: ReadSentence, quantity: Int) -> Bool {
        let tokens = sentence.reading.tokens
        let start = sentence.reading.quantityTokens[quantity].lowerBound
        // The subject stands within a few dozen words of its figure; a bounded look keeps a huge sentence linear.
        let from = max(0, start - 40)
        // "The market as a whole grew 51%", "the industry as a whole shipped …".
        for k in from..<max(from, start - 3)
        where (tokens[k].lower == "market" || tokens[k].lower == "industry") && tokens[k + 1].lower == "as"
            && tokens[k + 2].lower == "a" && tokens[k + 3].lower == "whole"
        {
            let boundary = tokens[from..<k].lastIndex(where: { clauseBreaks.contains($0) }) ?? from - 1
            return !sentence.mentions.contains { mention in
                !mention.isSource && mention.first > boundary && mention.last < start
                    && !Self.reports(mention, in: tokens)
            }
        }
        if Self.isRegionMarket(sentence, quantity: quantity) { return true }
        for scope in from..<start where Self.globalScopeWords.contains(tokens[scope]) {
            if scope > 0, tokens[scope - 1].isPossessive || possessiveWords.contains(tokens[scope - 1]) {
                continue
            }
            guard
                let measure = (scope + 1..<min(start, scope + 6)).first(where: {
                    marketMeasureNouns.contains(tokens[$0])
                }),
                measure + 1 >= tokens.count || !Self.shareOrCapWords.contains(tokens[measure + 1])
            else { continue }
            let between = tokens[(scope + 1)..<measure]
            guard between.allSatisfy({ $0.isWord && !companyMeasureWords.contains($0) }) else { continue }
            // "worldwide revenue was $2.4 billion" opens a company's own report; a market's revenue names the
            // market.
            if Self.salesWords.contains(tokens[measure]), between.isEmpty { continue }
            // A company named before the figure in the phrase's clause is its subject ("Kestrel led the worldwide
            // market with 31% growth"); one that reports the figures is not ("Halden says …"), nor one in an
            // earlier clause ("Kestrel sold the most, as the overall market grew 12%").
            let boundary = tokens[from..<scope].lastIndex(where: { clauseBreaks.contains($0) }) ?? from - 1
            return !sentence.mentions.contains { mention in
                !mention.isSource && mention.first > boundary && mention.last < start
                    && !(scope..<measure).contains(mention.first) && !Self.reports(mention, in: tokens)
            }
        }
        return false
    }

    /// A country's or region's market as the sentence's subject, no company named before the figure: "Brazil shipped
    /// 12 million smartphones", "Japan's tablet shipments fell 7%", "Tablet shipments throughout Latin America
    /// reached 6.1 million units".
    static func isRegionMarket(_ sentence: ReadSentence, quantity: Int) -> Bool {
        let tokens = sentence.reading.tokens
        let start = sentence.reading.quantityTokens[quantity].lowerBound
        guard start >= 2, !sentence.mentions.contains(where: { !$0.isSource && $0.first < start }) else { return false }
        // The capitalised run of one to three words from `k`, and the index after it, when it names a region.
        func region(at k: Int) -> Int? {
            var end = k
            while end < start, end - k < 3, tokens[end].isWord, tokens[end].isCapitalized {
                end += 1
                if tokens[end - 1].isPossessive { break }
            }
            guard end > k else { return nil }
            let words = tokens[k..<end].filter(\.isWord).map(\.lower)
            return CandidateFeatures.isRegion(words) ? end : nil
        }
        var first = 0
        if tokens[first].lower == "the" { first += 1 }
        if let end = region(at: first), end < start {
            // "Japan's tablet shipments", "Brazil shipped …"; not "Norway's largest ferry operator … its sales"
            if tokens[end - 1].isPossessive,
                (end..<min(start, end + 3)).contains(where: { marketMeasureNouns.contains(tokens[$0]) })
            {
                return true
            }
            if regionMarketVerbs.contains(tokens[end]) { return true }
        }
        // "Tablet shipments throughout Latin America reached …"
        for k in 1..<max(1, start - 1)
        where marketMeasureNouns.contains(tokens[k - 1]) && ["throughout", "across", "in"].contains(tokens[k].lower) {
            var at = k + 1
            if at < start, tokens[at].lower == "the" { at += 1 }
            if at < start, region(at: at) != nil, !Self.salesWords.contains(tokens[k - 1]) { return true }
        }
        return false
    }

    /// Verbs a country's market takes as subject.
    static let regionMarketVerbs: WordSet = ["shipped", "imported", "exported", "bought", "purchased"]

    /// Words that open a clause of their own within a sentence.
    static let clauseBreaks: WordSet = [
        ",", ";", "as", "while", "whereas", "but", "though", "although", "\u{2013}", "\u{2014}"
    ]

    /// Whether a name is followed by a verb of reporting ("Halden Insight says", "Brightline, a unit of
    /// Halden, reports"): it cites the figures, it does not own them.
    static func reports(_ mention: CompanyDetector.Mention, in tokens: [Token]) -> Bool {
        var k = mention.last + 1
        // "Brightline, a unit of Halden Insight, reports": the aside's name ends right before the verb.
        if k + 1 < tokens.count, tokens[k].text == ",", reportingVerbs.contains(tokens[k + 1]) { return true }
        if k < tokens.count, tokens[k].text == "," {
            // an aside after the name: skip to its closing comma
            guard let close = tokens[(k + 1)...].prefix(8).firstIndex(where: { $0.text == "," }) else { return false }
            k = close + 1
        }
        return k < tokens.count && reportingVerbs.contains(tokens[k])
    }

    /// Verbs by which a research firm or outlet gives figures.
    static let reportingVerbs: WordSet = [
        "says", "said", "reports", "reported", "estimates", "estimated", "forecasts", "predicts", "finds", "found",
        "shows", "noted", "notes"
    ]
    /// Words that make the scope word a company's own ("its global sales").
    static let possessiveWords: WordSet = ["its", "their", "his", "her", "our"]

    /// Nouns a market's figure measures ("global smartphone shipments", "the worldwide widget market").
    static let marketMeasureNouns: WordSet = [
        "shipments", "revenue", "revenues", "sales", "spending", "market", "industry", "demand"
    ]
    /// Words that make a measure a company's line of accounts ("worldwide net sales").
    static let companyMeasureWords: WordSet = ["net", "total", "gross", "operating", "reported", "organic"]

    /// Verbs of spending before a percent: "Kestrel spends 14%", "invested 9.6 percent".
    static let spendingVerbs: WordSet = [
        "spends", "spent", "spend", "spending", "invests", "invested", "invest", "devotes", "devoted", "allocates"
    ]

    /// "spends 14%" (not "spends 14% of its budget on marketing"), "as a percentage of sales: 16.2 percent",
    /// "a spending-to-revenue ratio of 8.1 percent".
    static func isSpendingShare(_ reading: SentenceReading, quantity: Int) -> Bool {
        let tokens = reading.tokens
        let range = reading.quantityTokens[quantity]
        if range.lowerBound > 0, spendingVerbs.contains(tokens[range.lowerBound - 1]) {
            return range.upperBound >= tokens.count || tokens[range.upperBound].lower != "of"
                || reading.isShareOfRevenue(range)
        }
        let words = reading.words[..<range.lowerBound]
        let asShare = zip(words, words.dropFirst()).contains { $0 == "percentage" && $1 == "of" }
        let ratio = words.contains { $0.hasSuffix("-revenue") || $0.hasSuffix("-sales") } && words.contains("ratio")
        return (asShare || ratio) && reading.cues.contains { $0.cue == .rd }
    }

    /// Nouns of spending that name an amount as an outlay: "an outlay of €3.3bn", "a budget of $2 billion".
    static let spendingNouns: WordSet = ["investment", "investments", "budget", "outlay", "outlays", "expenditure"]

    /// In an article about research spending, an amount a company spends or invests ("Kestrel comes first, with
    /// a budget of €3.3bn", "Marlow invested roughly $4 billion"), or the one amount of a short list line beside a
    /// name ("4. Marlow AG ($1.9 billion)"), with no other measure named in its sentence.
    static func isResearchOutlay(_ reading: SentenceReading, quantity: Int, mentions: Int) -> Bool {
        guard !reading.cues.contains(where: { $0.cue != .rd && $0.cue != .block }),
            // "every firm spending over €50 million was counted": a bar to clear, not an outlay
            [.exact, .about].contains(reading.quantities[quantity].qualifier),
            !spendsOnOtherThanResearch(reading, quantity: quantity)
        else { return false }
        // The spending word shortly before the amount, no other amount between ("invested roughly $4 billion").
        let start = reading.quantityTokens[quantity].lowerBound
        let from = quantity == 0 ? 0 : reading.gap(before: quantity)?.lowerBound ?? start
        let words = reading.words
        if words[max(from, start - 6)..<start].contains(where: {
            spendingVerbs.contains($0) || spendingNouns.contains($0)
        }) {
            return true
        }
        let wordCount = reading.tokens.filter(\.isWord).count
        return wordCount <= 10 && mentions == 1 && reading.quantities.filter({ $0.kind == .money }).count == 1
    }

    /// "invested $2 billion in a new plant", "spent €400 million on acquisitions": an amount that went into something
    /// other than research, named right after it (not a period: "in 2024", "in the first half").
    static func spendsOnOtherThanResearch(_ reading: SentenceReading, quantity: Int) -> Bool {
        let tokens = reading.tokens
        let end = reading.quantityTokens[quantity].upperBound
        guard end + 1 < tokens.count, ["in", "on", "into"].contains(tokens[end].lower) else { return false }
        var k = end + 1
        while k < tokens.count, objectFillers.contains(tokens[k]) { k += 1 }
        guard k < tokens.count, tokens[k].isWord,
            !reading.cues.contains(where: { $0.cue == .rd && $0.range.contains(k) })
        else { return false }
        let word = tokens[k].lower
        return !periodModifier(word) && !calendarWords.contains(word) && !researchObjects.contains(word)
    }

    /// Words between "in" and what an amount went into, or the period it is of: "in a new plant", "in the first half".
    static let objectFillers: WordSet = [
        "a", "an", "the", "its", "their", "new", "first", "second", "third", "fourth", "last", "past", "latest", "same",
        "previous", "prior", "current"
    ]
    /// What research money goes into, beside the R&D cues: "invested $2 billion in innovation".
    static let researchObjects: WordSet = [
        "research", "development", "innovation", "technology", "technologies", "science", "laboratories", "labs"
    ]

    /// "…, Marlow about 12%": a figure that continues a list, at most five tokens after the one before it,
    /// starting with a comma or "and", and with no cue between.
    static func continuesList(_ reading: SentenceReading, quantity: Int) -> Bool {
        guard let gap = reading.gap(before: quantity) else { return false }
        let tokens = reading.tokens
        return gap.count <= 5 && gap.first.map { tokens[$0].text == "," || tokens[$0].lower == "and" } == true
            && !reading.cues.contains { gap.contains($0.range.lowerBound) }
    }

    /// "diluted EPS rose 9% to $1.12", "gross margin narrowed to 41 percent", "the dividend rose 5%": a figure a
    /// few words after a word of what we never keep, with no other cue or figure between, measures that.
    static func followsBlock(_ reading: SentenceReading, quantity: Int) -> Bool {
        let start = reading.quantityTokens[quantity].lowerBound
        let before = reading.cues.filter { $0.range.upperBound <= start }
        guard let end = before.map(\.range.upperBound).max(),
            // "market shares of 33%": a cue that ends where the block does wins over it.
            !before.contains(where: { $0.cue != .block && $0.range.upperBound == end }),
            let last = before.last(where: { $0.range.upperBound == end }),
            Self.measuresOtherThings.contains(reading.tokens[last.range].map(\.lower).joined(separator: " ")),
            start - end <= 3, reading.clause[last.range.lowerBound] == reading.clause[start],
            // "11 cents per share, against $58 million": punctuation ends what the block speaks of.
            (end..<start).allSatisfy({ reading.tokens[$0].isWord })
        else { return false }
        return quantity == 0 || reading.quantityTokens[quantity - 1].upperBound <= last.range.lowerBound
    }

    /// "sales of the five largest widget makers came to $12.3 billion", "the ten biggest airlines carried 410
    /// million passengers": an amount or a count summed over a group of companies, no one's (not "Kestrel, one
    /// of the top five vendors, reported …").
    static func isGroupTotal(_ reading: SentenceReading, quantity: Int) -> Bool {
        guard !reading.saysRespectively else { return false }
        if isRankedGroupTotal(reading, quantity: quantity) { return true }
        // "… came to €18.2 billion in the spring, against €17.5 billion in the winter": the group's earlier total,
        // when no name stands between the two amounts. (One step back only: a chain through a row of amounts
        // would make a long sentence quadratic.)
        let tokens = reading.tokens
        let start = reading.quantityTokens[quantity].lowerBound
        let kind = reading.quantities[quantity].kind
        guard let total = (0..<quantity).last(where: { reading.quantities[$0].kind == kind }) else { return false }
        let end = reading.quantityTokens[total].upperBound
        // (Quantities may share a token, "A$12-A$1": then nothing stands between them.)
        return start - end <= 12 && !tokens[min(end, start)..<start].contains(where: { $0.isCapitalized })
            && isRankedGroupTotal(reading, quantity: total)
    }

    /// ``isGroupTotal(_:quantity:)`` by the ranking words before the quantity itself ("the top 10 …").
    static func isRankedGroupTotal(_ reading: SentenceReading, quantity: Int) -> Bool {
        let tokens = reading.tokens
        let start = reading.quantityTokens[quantity].lowerBound
        let from = max(0, start - 12)
        for k in from..<start where Self.rankingWords.contains(tokens[k]) {
            // "top 10", "ten largest": a number on either side of the word.
            let after: Int
            if k + 1 < start, Self.isGroupCount(tokens[k + 1].lower) {
                after = k + 2
            } else if k > 0, Self.isGroupCount(tokens[k - 1].lower) {
                after = k + 1
            } else {
                continue
            }
            // The group is named by a common noun ("widget makers", "airlines"), not a company ("the top three
            // Kestrel brands" ranks one).
            guard after < start, tokens[after].isWord, !tokens[after].isCapitalized else { continue }
            let opening = tokens[max(0, k - 4)..<k].map(\.lower)
            // "among the top five" places one company in a group, unless the group's total follows ("among the
            // six biggest brewers, budgets summed to a total of …"), or the phrase opens the sentence and no name
            // stands between the group and the figure ("Among the four leading toolmakers polled, order intake came to
            // …").
            let totalled = opening.contains("total") || tokens[after..<start].contains { $0.lower == "total" }
            let opensGroup = tokens[0].lower == "among" && !tokens[(after + 1)..<start].contains { $0.isCapitalized }
            if opening.contains("one") || (opening.contains("among") && !totalled && !opensGroup) { continue }
            return true
        }
        return false
    }

    /// "Revenue $ 12,480 $ 11,730 $ 750 6.4 %": in a row of amounts, one right after two others that is
    /// their difference is the change between the columns, not a level of its own.
    static func isDifferenceColumn(_ reading: SentenceReading, quantity: Int) -> Bool {
        guard quantity >= 2 else { return false }
        let (a, b, c) = (
            reading.quantities[quantity - 2], reading.quantities[quantity - 1], reading.quantities[quantity]
        )
        guard c.kind == .money, a.kind == .money, b.kind == .money, a.unit == c.unit, b.unit == c.unit else {
            return false
        }
        // Side by side, as cells are: nothing but a currency sign between the amounts.
        for k in (quantity - 1)...quantity {
            guard let gap = reading.gap(before: k), gap.count <= 1 else { return false }
        }
        let difference = abs(a.value - b.value)
        guard difference > 0 else { return false }
        return abs(difference - abs(c.value)) <= max(abs(a.value), abs(b.value)) * 0.0005
    }

    static func isGroupCount(_ word: String) -> Bool {
        if let n = Int(word) { return (2...100).contains(n) }
        return ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty"].contains(word)
    }

    /// "24.4 percent share", "a 12% market share" (not "share of revenue", "share price").
    static func isNamedShare(_ reading: SentenceReading, quantity: Int) -> Bool {
        let tokens = reading.tokens
        var k = reading.quantityTokens[quantity].upperBound
        if k < tokens.count, tokens[k].lower == "market" { k += 1 }
        guard k < tokens.count, tokens[k].lower == "share" else { return false }
        return k + 1 >= tokens.count || !["of", "price", "prices", "buyback", "buybacks"].contains(tokens[k + 1].lower)
    }

    /// "a market share of 19%", "shares of 8.2% and 5.3%": a percent right after "share(s) of", or listed
    /// after one that is.
    static func followsShareOf(_ reading: SentenceReading, quantity: Int) -> Bool {
        let tokens = reading.tokens
        var index = quantity
        while index >= 0 {
            let start = reading.quantityTokens[index].lowerBound
            if start >= 2, tokens[start - 1].lower == "of", ["share", "shares"].contains(tokens[start - 2].lower) {
                return true
            }
            // "8.2% and 5.3%", "8.2%, 5.3%": a list of percents goes back to its first.
            guard index > 0, reading.quantities[index - 1].kind == .percent, start >= 1,
                ["and", ","].contains(tokens[start - 1].lower),
                reading.quantityTokens[index - 1].upperBound == start - 1
            else { return false }
            index -= 1
        }
        return false
    }

    /// "its unit share climbed to 17 percent", "share stood at 12%": the level a share reached, a percent right after
    /// "to" or "at" in the clause of a "share" a few words before.
    static func isShareReached(_ reading: SentenceReading, quantity: Int) -> Bool {
        let tokens = reading.tokens
        let start = reading.quantityTokens[quantity].lowerBound
        guard start >= 3, ["to", "at"].contains(tokens[start - 1].lower) else { return false }
        let clause = reading.clause[start]
        for k in max(0, start - 6)..<(start - 1) where reading.clause[k] == clause && tokens[k].lower == "share" {
            // "cloud's share of revenue rose to 32%": a part of the company's own revenue, no market share.
            if k + 2 < start, tokens[k + 1].lower == "of",
                tokens[(k + 2)..<min(start, k + 5)].contains(where: { Self.ownTotals.contains($0) })
            {
                return false
            }
            // (not "share price", "share buyback"; and no other figure between whose "to" it could be: "its share of
            // the 40 million units sold rose to …" is left to the model)
            return !reading.quantityTokens.contains { $0.lowerBound > k && $0.upperBound <= start }
                && !["price", "prices", "buyback", "buybacks", "capital"].contains(tokens[k + 1].lower)
        }
        return false
    }

    /// What a company's own parts are shares of ("share of revenue", "of its total sales"), unlike a market's.
    static let ownTotals: WordSet = ["revenue", "revenues", "sales", "income", "profit", "profits", "earnings"]

    /// "went from 6.5 percent to 8 percent of the market": the share a move began from, a percent
    /// after "from" whose "to" percent in the same clause is a share.
    static func isShareLeft(_ reading: SentenceReading, quantity: Int) -> Bool {
        let tokens = reading.tokens
        let start = reading.quantityTokens[quantity].lowerBound
        let next = quantity + 1
        guard start >= 1, tokens[start - 1].lower == "from", next < reading.quantities.count,
            reading.quantities[next].kind == .percent
        else { return false }
        let to = reading.quantityTokens[next].lowerBound
        guard to >= 1, tokens[to - 1].lower == "to", to - start <= 8, reading.clause[to] == reading.clause[start] else {
            return false
        }
        return isPartOfMarket(reading, quantity: next) || isNamedShare(reading, quantity: next)
    }

    /// "of the market", "of the global smartphone market", "of worldwide shipments", "of 61 million units" right
    /// after a percent.
    static func isPartOfMarket(_ reading: SentenceReading, quantity: Int) -> Bool {
        let tokens = reading.tokens
        let end = reading.quantityTokens[quantity].upperBound
        guard end < tokens.count, tokens[end].lower == "of" else { return false }
        // "18.4 percent of 61 million units": a part of a count of units.
        if quantity + 1 < reading.quantities.count, reading.quantityTokens[quantity + 1].lowerBound == end + 1,
            reading.quantities[quantity + 1].kind == .count, reading.quantities[quantity + 1].unit == "units"
        {
            return true
        }
        let next = (end + 1)..<min(tokens.count, end + 5)
        guard let market = next.first(where: { Self.marketNouns.contains(tokens[$0]) }) else {
            return false
        }
        // Only words that describe a market may sit between: "the", "global", "smartphone"…, never "its".
        return !(next.lowerBound..<market).contains(where: { Self.possessiveWords.contains(tokens[$0]) })
    }

    /// Whether the quantity is a segment's: after "revenue/sales from" a business (not "from operations"),
    /// or on a line labelled with a business ("Lighting: first-quarter revenue was…").
    static func isSegmentFigure(
        _ sentence: ReadSentence, quantity: Int, main: String?, isCompany: (String) -> Bool = { _ in true }
    ) -> Bool {
        let reading = sentence.reading
        let tokens = reading.tokens
        let start = reading.quantityTokens[quantity].lowerBound
        // "revenue from X … <quantity>"
        var k = 0
        while k + 2 < start {
            if Self.salesWords.contains(tokens[k]), tokens[k + 1].lower == "from",
                !Self.ownSourceWords.contains(tokens[k + 2])
            {
                return true
            }
            // "revenue in China", "sales in North America": a region's (not "in March", "in Q3").
            if Self.salesWords.contains(tokens[k]), tokens[k + 1].lower == "in",
                tokens[k + 2].isCapitalized, !Self.calendarWords.contains(tokens[k + 2]),
                !tokens[k + 2].text.unicodeScalars.contains(where: QuantityParser.isDigit)
            {
                return true
            }
            k += 1
        }
        // "Software revenue up 17 percent", "domestic sales rose 1.1%": a business line or a region named by
        // the word before the revenue cue (not "net", "total", "quarterly", "Q3", a year or a company's name).
        // "Imaging core operating income climbed …", "Zentrava net revenues came to …": a capitalised label before any
        // line of the accounts and its own adjectives names a business line or a product.
        if let cue = reading.cues.last(where: { Self.isAccountsCue($0.cue) && $0.range.upperBound <= start }),
            reading.clause[cue.range.lowerBound] == reading.clause[start], cue.range.lowerBound > 0
        {
            // A market word, but not "global" right before a name: "Global Zentrava sales" is a product's reach.
            let speaksOfMarket = tokens.indices.contains { k in
                Self.marketScopeWords.contains(tokens[k])
                    && !(Self.reachWords.contains(tokens[k]) && sentence.mentions.contains { $0.first == k + 1 })
            }
            // (Not the last word of a company's name: "Sunmark Retail's revenue", "Veltro Cloud revenue".)
            let afterName = sentence.mentions.contains { $0.last == cue.range.lowerBound - 1 && isCompany($0.name) }
            if cue.cue == .revenue, Self.segmentWords.contains(tokens[cue.range.lowerBound - 1]), !speaksOfMarket,
                !afterName
            {
                return true
            }
            // "overseas car sales rose 4%", "domestic truck revenue": a region's sales of a product.
            if cue.cue == .revenue, !afterName, cue.range.lowerBound >= 2,
                Self.isLabelNoun(tokens[cue.range.lowerBound - 1]),
                Self.regionLineWords.contains(tokens[cue.range.lowerBound - 2]), !speaksOfMarket
            {
                return true
            }
            var adjectivesStart = cue.range.lowerBound
            while adjectivesStart > 0, Self.measureAdjectives.contains(tokens[adjectivesStart - 1]) {
                adjectivesStart -= 1
            }
            // "Frontier markets revenue", "Tessaro mainframe revenue": the label may end in a word or two in lower case.
            var nounsStart = adjectivesStart
            while nounsStart > 1, adjectivesStart - nounsStart < 2, Self.isLabelNoun(tokens[nounsStart - 1]) {
                nounsStart -= 1
            }
            // (There the label must be a name the detector read, not a capitalised common word: "Entry storage
            // revenue" is a kind of product's, the market's.)
            if !sentence.mentions.contains(where: { $0.last == nounsStart - 1 }) { nounsStart = adjectivesStart }
            let clause = reading.clause[cue.range.lowerBound]
            let clauseStart = reading.clause.firstIndex(of: clause) ?? 0
            // (In a headline in Title Case, "Kestrel Operating Profit Tops Forecasts", capitals say nothing: the
            // cue itself is capitalised there, and not as an acronym such as "EBITDA".)
            let cueWord = tokens[cue.range.lowerBound].text
            let titleCase = cueWord.first?.isUppercase == true && cueWord.dropFirst().contains(where: \.isLowercase)
            let labelEnds = nounsStart == adjectivesStart ? [adjectivesStart] : [adjectivesStart, nounsStart]
            for labelEnd in labelEnds where !titleCase && !speaksOfMarket {
                let before = tokens[max(0, labelEnd - 1)]
                let label = tokens[min(clauseStart, labelEnd)..<labelEnd].drop { !$0.isWord || $0.text == "o" }
                if CandidateFeatures.premodifier(tokens, labelEnd) == "capitalized",
                    label.count <= 4, label.allSatisfy({ $0.isCapitalized || ["and", "&"].contains($0.lower) }),
                    !Self.isClauseOpener(label),
                    label.first.map({ !Self.functionWords.contains($0) && !Self.ownerWords.contains($0) }) ?? false,
                    !Self.calendarWords.contains(before), !Self.periodModifier(before.lower),
                    !sentence.mentions.contains(where: { $0.last == labelEnd - 1 && isCompany($0.name) })
                {
                    return true
                }
            }
        }
        // "The oncology portfolio contributed $1.6 billion", "sales at its pharmaceutical unit fell 2% to …": a
        // business unit named by its line in the quantity's clause.
        let clause = start < reading.clause.count ? reading.clause[start] : 0
        for k in 1..<max(1, start) where reading.clause[k] == clause && Self.businessUnitNouns.contains(tokens[k]) {
            let modifier = tokens[k - 1]
            // (not a word of a name, "Unit Nine Capital", nor a noun joined to another, "price and portfolio shifts",
            // nor a description of the name right after it, "diversified business conglomerate Kestrel")
            if sentence.mentions.contains(where: { $0.first <= k && k <= $0.last || $0.first > k && $0.first <= k + 2 })
            {
                continue
            }
            if modifier.isWord, !modifier.isPossessive, !Self.ownerWords.contains(modifier),
                !Self.functionWords.contains(modifier),
                !Self.marketScopeWords.contains(modifier),
                !CandidateFeatures.cueModifiers.contains(modifier)
            {
                return true
            }
        }
        // "Lighting: …", "Medical Imaging: …" (the article's company as the label is its own line)
        if let colon = tokens.prefix(5).firstIndex(where: { $0.text == ":" }), colon > 0,
            tokens[..<colon].allSatisfy({ $0.isWord && $0.isCapitalized && !Self.labelWords.contains($0) }),
            !sentence.mentions.contains(where: { $0.first < colon && $0.name == main }),
            // a business line's results speak of money ("Tablets: shares of 38%…" is a topic, not a line)
            reading.quantities.contains(where: { $0.kind == .money }),
            // and are no market's ("Report Format: PDF | … The global widget market was valued at …")
            !tokens[min(colon, start)..<start].contains(where: { $0.lower == "market" })
        {
            return true
        }
        return false
    }

    /// "combined", "together": a figure of several companies at once.
    static let jointWords: WordSet = ["combined", "collective", "collectively", "together", "jointly"]
    /// Nouns of a whole market's figure after a count ("… units, a record for the market").
    static let marketNouns: WordSet = ["market", "shipments", "shipment"]
    /// Words before an amount that make it a loss.
    static let lossWords: WordSet = ["loss", "losses", "deficit"]

    /// Words that make a figure after them what others expected (``isExpectation(_:quantity:)``).
    static let expectationWords: WordSet = [
        "expectations", "expectation", "estimate", "estimates", "consensus", "polled"
    ]
    /// Subjects that make "estimate(s)" a verb: "we estimate", "management estimates" (the company's own figure).
    static let estimatingSubjects: WordSet = ["it", "we", "company", "firm", "group", "management"]
    /// Words that make "<word> … market" the whole market's (``isMarketSubject(_:quantity:)``).
    static let globalScopeWords: WordSet = ["global", "worldwide", "overall"]
    /// A market's share or capitalisation, not its size: "market share", "market cap".
    static let shareOrCapWords: WordSet = ["share", "shares", "cap"]
    /// Words that rank a group ("the top five", "the three largest") (``isGroupTotal(_:quantity:)``).
    static let rankingWords: WordSet = ["top", "largest", "biggest", "leading"]
    /// The words of revenue: a segment's before "from" or "in" (``isSegmentFigure``), a market's after "global"
    /// (``isMarketSubject(_:quantity:)``).
    static let salesWords: WordSet = ["revenue", "revenues", "sales"]
    /// "revenue from operations", "from continuing …": the company's own revenue, not a segment's.
    static let ownSourceWords: WordSet = ["operations", "continuing", "ordinary", "the", "a"]

    /// Whether the quantity is an expectation: right after "expectations of", "estimate(s) of", "consensus
    /// (of)", "polled", or right before "expected", "estimated", "consensus".
    static func isExpectation(_ reading: SentenceReading, quantity: Int) -> Bool {
        let tokens = reading.tokens
        let range = reading.quantityTokens[quantity]
        if reading.followsBeatenExpectation(range) { return false }
        // (Not "we estimate annual bookings at …": after a subject the verb is the company's own estimate.)
        if (max(0, range.lowerBound - 4)..<range.lowerBound).contains(where: {
            Self.expectationWords.contains(tokens[$0]) && !($0 > 0 && Self.estimatingSubjects.contains(tokens[$0 - 1]))
        }) {
            return true
        }
        let after = tokens[range.upperBound..<min(tokens.count, range.upperBound + 2)].map(\.lower)
        // "$40 million expected", "analysts' €2.9 billion expectation".
        if after.first.map({ ["expected", "estimated", "expectation", "expectations", "estimate"].contains($0) })
            == true
            || after.contains("consensus")
        {
            return true
        }
        // "$3.42 bln vs the $3.10 bln FactSet consensus": the amount a result is set against, named a
        // consensus a few words on.
        var before = range.lowerBound - 1
        if before >= 0, tokens[before].lower == "the" { before -= 1 }
        if before >= 0, ["vs", "versus"].contains(tokens[before].lower),
            tokens[range.upperBound..<min(tokens.count, range.upperBound + 7)].contains(where: {
                Self.expectationWords.contains($0)
            })
        {
            return true
        }
        // "Analysts had expected net income of …", "a poll of brokers' forecasts put revenue at …": the
        // whole sentence is what others predicted. Not a figure that comes before the forecasters and the word
        // that sets it against them: "revenue rose to $4.1 billion, beating the $3.9 billion analysts expected".
        guard reading.reportsForecasts else { return false }
        let forecasters = { (token: Token) in SentenceReading.forecasterWords.contains(token) }
        if !tokens[..<range.lowerBound].contains(where: forecasters),
            let lead = tokens[range.upperBound...].firstIndex(where: { SentenceReading.comparisonLeads.contains($0) }),
            let forecaster = tokens[range.upperBound...].firstIndex(where: forecasters), lead < forecaster
        {
            return false
        }
        return true
    }

    /// The words of ``segmentWords`` that name where a company sells: before a product's name they still make a line.
    static let regionLineWords: WordSet = ["overseas", "domestic", "international", "export", "exports"]

    /// Words before "revenue"/"sales" that name a part of a company: a line of business, a kind of customer or a
    /// region ("service revenue", "overseas sales", "advertising revenue").
    static let segmentWords: WordSet = [
        "service", "services", "overseas", "domestic", "international", "mobile", "enterprise", "consumer",
        "commercial", "product", "hardware", "software", "subscription", "advertising", "ad", "cloud", "retail",
        "wholesale", "online", "digital", "export", "exports", "segment", "division", "unit", "portfolio", "platform",
        "chip", "device", "devices", "licensing", "royalty", "parks", "games", "gaming"
    ]

    /// Closed-class words (pronouns, determiners, conjunctions, sentence adverbs): never the name of a business line.
    static let functionWords: WordSet = [
        "our", "my", "your", "his", "her", "its", "their", "this", "that", "these", "those", "the", "a", "an", "and",
        "or", "but", "yet", "so", "although", "though", "while", "whereas", "however", "meanwhile", "also", "still",
        "then", "both", "all", "each", "overall", "of", "for", "in", "on", "with", "by", "as", "at", "to", "from"
    ]

    /// Whether a capitalised label before a cue is only how its clause opens: closed-class words ("Our sales",
    /// "Yet revenue", "While sales"), or one past participle ("Combined revenues", "Reported sales").
    static func isClauseOpener(_ label: some Collection<Token>) -> Bool {
        if label.allSatisfy({ functionWords.contains($0) }) { return true }
        guard label.count == 1, let word = label.first?.lower else { return false }
        return word.count > 4 && word.hasSuffix("ed")
    }

    /// A word in lower case that can end a business line's label before its measure ("markets", "server"): no
    /// function word, modifier of the measure, period word or verb.
    static func isLabelNoun(_ token: Token) -> Bool {
        guard token.isWord, !token.isCapitalized, !token.isPossessive else { return false }
        let word = token.lower
        return !functionWords.contains(word) && !CandidateFeatures.cueModifiers.contains(word)
            && !ownerWords.contains(word) && !calendarWords.contains(word) && !periodModifier(word)
            && !CompanySalience.subjectVerbs.contains(word) && !CompanyNames.runBreaks.contains(word)
            && !word.hasSuffix("ed") && !word.hasSuffix("ly") && !marketScopeWords.contains(word)
    }

    /// Whether a figure under `key` in this sentence is of consolidated accounts ("said consolidated revenue from
    /// operations fell …"): a company's measure, never a market's.
    static func isConsolidated(_ reading: SentenceReading, key: String) -> Bool {
        guard reading.words.contains("consolidated") else { return false }
        return consolidatedKeys.contains(key) || key.hasPrefix("growth:") && key != "growth:market_size"
    }

    /// The company-level keys of consolidated accounts.
    static let consolidatedKeys: Set<String> = Set([Fact.Metric.revenue, .netIncome, .operatingProfit].map(\.rawValue))

    /// Words after an amount that make it the whole of a market.
    static let wholeMarketWords: WordSet = ["globally", "worldwide", "industry-wide", "overall"]

    /// Whether the amount is the whole a percent before it is a share of, and a market's: "<percent> of" right before
    /// it, "globally" or "worldwide" within a few words after it ("24.6 percent of the 91.3 million units shipped
    /// worldwide").
    static func isWholeOfShare(_ reading: SentenceReading, quantity: Int) -> Bool {
        guard quantity > 0, reading.quantities[quantity - 1].kind == .percent,
            reading.quantities[quantity].kind != .percent
        else { return false }
        let tokens = reading.tokens
        let range = reading.quantityTokens[quantity]
        // Between them "of", perhaps with "the": "24.6 percent of (the) 87.2 million units".
        guard let between = reading.gap(before: quantity) else { return false }
        let gap = between.filter { tokens[$0].lower != "the" }
        guard gap.count == 1, tokens[gap[0]].lower == "of" else { return false }
        return tokens[range.upperBound..<min(tokens.count, range.upperBound + 4)].contains {
            wholeMarketWords.contains($0)
        }
    }

    /// Words of a rate a government levies.
    static let levyWords: WordSet = ["duty", "duties", "tariff", "tariffs", "levy", "levies"]

    /// Whether a levy word stands at most five words before the percent, in its clause, with no cue or other figure
    /// between ("the duty is 17.4 per cent", "tariffs of up to 25%").
    static func isLevyRate(_ reading: SentenceReading, quantity: Int) -> Bool {
        let start = reading.quantityTokens[quantity].lowerBound
        let from = max(0, start - 5, quantity == 0 ? 0 : reading.gap(before: quantity)?.lowerBound ?? start)
        guard from < start,
            let levy = (from..<start).last(where: { levyWords.contains(reading.tokens[$0]) }),
            reading.clause[levy] == reading.clause[start]
        else { return false }
        return !reading.cues.contains { $0.cue != .block && $0.range.lowerBound > levy && $0.range.lowerBound < start }
    }

    /// The lines of the accounts a business line reports too (not market-level cues such as shipments or share).
    static func isAccountsCue(_ cue: Cue) -> Bool {
        switch cue {
        case .revenue, .netIncome, .netLoss, .operatingProfit, .other: true
        default: false
        }
    }

    /// Adjectives of a measure that stand between a business line's label and the measure ("Imaging core operating
    /// income", "Zentrava net revenues").
    static let measureAdjectives: WordSet = [
        "net", "core", "adjusted", "underlying", "reported", "gross", "operating", "yoy", "qoq",
        "gaap", "non-gaap", "ifrs", "non-ifrs"
    ]

    /// Nouns that name a part of a company when a word of its line stands before them ("oncology portfolio").
    static let businessUnitNouns: WordSet = [
        "portfolio", "unit", "division", "segment", "sector", "arm", "business"
    ]
    /// Words before a business-unit noun that leave it the whole company ("its business", "the group's unit").
    static let ownerWords: WordSet = ["its", "their", "our", "the", "a", "an", "whole", "entire", "core"]

    /// Words that make a sentence's revenue a market's, not a part of one company ("global cloud service revenue").
    static let marketScopeWords: WordSet = ["market", "industry", "global", "worldwide"]
    static let reachWords: WordSet = ["global", "worldwide"]

    /// "first-half", "nine-month", "year-ago", "2024", "record": words before a cue that say when or how much,
    /// not which part of the company.
    static func periodModifier(_ word: String) -> Bool {
        word.unicodeScalars.contains(where: QuantityParser.isDigit)
            || ["-quarter", "-half", "-year", "-month", "-months", "-ago", "-period", "-week"].contains {
                word.hasSuffix($0)
            }
            || ["record", "comparable", "organic", "like-for-like", "half", "year", "quarter", "month", "period"]
                .contains(word)
    }

    /// Capitalised words of time ("in March", "in Fiscal 2024").
    static let calendarWords: WordSet = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december", "fiscal", "fy", "q1", "q2", "q3", "q4", "h1", "h2", "the", "its"
    ]

    /// Words that label a line with a figure of the whole company ("Revenue:", "Q3 highlights:").
    static let labelWords: WordSet = [
        "revenue", "revenues", "sales", "net", "income", "profit", "operating", "ebitda", "earnings", "total", "gross",
        "group", "highlights", "results", "outlook", "guidance", "fiscal", "quarter", "year", "headcount", "employees",
        "shipments", "deliveries", "margin", "r&d", "research"
    ]

    /// Whether the quantity is what a figure is compared with: after "from", "against", "versus", "vs" or
    /// "compared with/to" within a few words (no other quantity between).
    static func isComparedAmount(_ reading: SentenceReading, quantity: Int) -> Bool {
        let start = reading.quantityTokens[quantity].lowerBound
        var k = start - 1
        while k >= 0, k >= start - 4, !reading.covered[k] {
            let word = reading.tokens[k].lower
            if ["from", "against", "versus", "vs"].contains(word) { return true }
            if ["with", "to"].contains(word), k > 0, reading.tokens[k - 1].lower == "compared" { return true }
            k -= 1
        }
        return false
    }

    /// "Kestrel held 24.7% market share and 5.8% growth": a vendor's growth beside its share grows what the share
    /// measures — revenue when the sentence speaks of revenue or sales, else units shipped. Nil without a share,
    /// and when the change is the share's own ("its share rose by 3%", "share fell from 11% to 9%", "a 16% market
    /// share").
    static func shareGrowthBasis(_ reading: SentenceReading, quantity: Int) -> String? {
        let words = reading.words
        guard words.contains(where: { $0 == "share" || $0 == "shares" }) else { return nil }
        let range = reading.quantityTokens[quantity]
        // The share right before the change, with no "and" or comma between ("its share rose by 3%"), or right
        // after the percent ("a 16% market share").
        var k = range.lowerBound - 1
        while k >= max(0, range.lowerBound - 4), words[k] != "and", words[k] != "," {
            if shareOrCapWords.contains(words[k]) { return nil }
            k -= 1
        }
        guard
            !(range.upperBound..<min(words.count, range.upperBound + 2)).contains(where: {
                shareOrCapWords.contains(words[$0])
            }), !followsFrom(reading, quantity: quantity)
        else { return nil }
        return words.contains(where: { salesWords.contains($0) }) ? "growth:revenue" : "growth:shipments"
    }

    /// The `other:` key of the measure a money amount is named by ("pre-tax profit of …", "adjusted EBITDA rose to
    /// …"), nil when its nearest cue is a broad one (revenue, profit) or none.
    static func namedMeasure(_ reading: SentenceReading, quantity: Int) -> String? {
        guard case .other(let detail) = reading.nearestCue(quantity) else { return nil }
        return "other:" + detail
    }

    /// "30 percent above forecast", "5% ahead of analysts' estimates", "2% below expectations": a percent set against
    /// a prediction.
    static func isBeatMargin(_ reading: SentenceReading, quantity: Int) -> Bool {
        let words = reading.words
        let end = reading.quantityTokens[quantity].upperBound
        guard end < words.count, beatWords.contains(words[end]) else { return false }
        return (end + 1..<min(words.count, end + 5)).contains {
            expectationWords.contains(words[$0]) || predictionWords.contains(words[$0])
        }
    }

    /// Words that set a figure against another: "30 percent above …", "5% ahead of …".
    static let beatWords: WordSet = ["above", "below", "ahead", "short", "better", "worse"]
    /// A company's or others' predictions, besides the analysts' ``expectationWords``.
    static let predictionWords: WordSet = ["forecast", "forecasts", "guidance", "projections"]

    /// "passing 4 trillion won", "exceeded two trillion won", "back in the 30 trillion won range": a round amount
    /// (one significant digit) that a verb of crossing governs, or that names a mark. A precise amount after the same
    /// verb ("surpassed $3.486 billion") is the figure itself.
    static func isThreshold(_ reading: SentenceReading, quantity: Int) -> Bool {
        let value = abs(reading.quantities[quantity].value)
        guard value > 0, value.isFinite else { return false }
        let unit = pow(10, log10(value).rounded(.down))
        let leading = value / unit
        guard abs(leading - leading.rounded()) < 1e-9 else { return false }
        let words = reading.words
        let range = reading.quantityTokens[quantity]
        if range.upperBound < words.count, markWords.contains(words[range.upperBound]) { return true }
        var k = range.lowerBound - 1
        if k >= 0, words[k] == "the" { k -= 1 }
        return k >= 0 && crossingWords.contains(words[k])
    }

    /// Verbs of crossing a line.
    static let crossingWords: WordSet = [
        "surpass", "surpassed", "surpasses", "surpassing", "exceed", "exceeded", "exceeds", "exceeding", "cross",
        "crossed", "crosses", "crossing", "top", "topped", "tops", "topping", "pass", "passed", "passes", "passing",
        "breach", "breached", "breaching"
    ]
    /// Nouns that make a round amount a line to cross.
    static let markWords: WordSet = ["mark", "milestone", "threshold", "barrier", "level", "range", "line"]

    /// "rose 1.5% to Rs 824.25", "fell 3% to $41.20": a change that reaches an amount too small to be any company's
    /// revenue or profit — a price per share.
    static func movesToPrice(_ reading: SentenceReading, quantity: Int) -> Bool {
        let end = reading.quantityTokens[quantity].upperBound
        guard end < reading.tokens.count, reading.tokens[end].lower == "to", quantity + 1 < reading.quantities.count,
            reading.quantityTokens[quantity + 1].lowerBound == end + 1
        else { return false }
        let target = reading.quantities[quantity + 1]
        return target.kind == .money && abs(target.value) < 10_000
    }

    /// Plural nouns of a group of companies, which an average is taken over.
    static let groupNouns: WordSet = [
        "companies", "firms", "makers", "manufacturers", "players", "vendors", "groups", "businesses", "carmakers",
        "automakers", "drugmakers", "chipmakers", "banks", "operators", "retailers", "brands"
    ]

    /// Whether the sentence states an average over a group: "on average", or "the average …" of a group of companies
    /// named a few words on ("the average R&D budget of the top 500 firms"); not "above the industry average".
    static func isGroupAverage(_ reading: SentenceReading) -> Bool {
        let words = reading.words
        for (index, word) in words.enumerated() where word == "average" {
            if index > 0, words[index - 1] == "on" { return true }
            if words[(index + 1)..<min(words.count, index + 10)].contains(where: groupNouns.contains) { return true }
        }
        return false
    }

    /// Words a row's cells carry as units or scales, which label nothing.
    static let cellWords: WordSet = [
        "bn", "m", "mn", "mln", "k", "billion", "million", "thousand", "bps", "pts", "pp", "x", "per", "cent", "percent"
    ]

    /// Whether a line holds figures and no word of its own beyond their units and scales.
    static func isUnlabelled(_ reading: SentenceReading) -> Bool {
        !reading.tokens.contains { token in
            token.isWord && token.text.unicodeScalars.first.map(QuantityParser.isLetter) == true
                && !cellWords.contains(token) && QuantityLexicon.scales[token.lower] == nil
                && TableHeader.currency(token.lower) == nil
        }
    }

    /// Verbs that say what part of a whole something is ("accounted for 41% of …", "made up a third of …").
    static let partVerbs: WordSet = [
        "accounted", "accounting", "accounts", "account", "contributed", "contributing", "contributes", "contribute",
        "made", "making", "makes", "represented", "representing", "represents", "constituted", "constituting",
        "constitutes"
    ]

    /// Whether the sentence is about a part of the company's revenue: something in it "accounted for 41% of the
    /// group's revenue", "contributed 30 percent of total sales". Its amounts and their changes are the part's, a
    /// business line's or a region's, not the company's. A part that is research spending is R&D intensity, and
    /// stays a fact.
    static func isPartOfRevenue(_ reading: SentenceReading) -> Bool {
        guard !reading.cues.contains(where: { $0.cue == .rd }) else { return false }
        let words = reading.words
        for (index, range) in reading.quantityTokens.enumerated() where reading.quantities[index].kind == .percent {
            // "<verb> (for|up) (about) 41% of (the group's total) revenue"
            let before = words[max(0, range.lowerBound - 4)..<range.lowerBound]
            guard before.contains(where: partVerbs.contains) else { continue }
            var k = range.upperBound
            guard k < words.count, words[k] == "of" else { continue }
            k += 1
            for j in k..<min(words.count, k + 6) {
                if words[j] == "," || words[j] == ";" { break }
                if SentenceReading.revenueWords.contains(words[j]) { return true }
            }
        }
        return false
    }

    /// "19.1% of sales", "93% of the company's profit": a percent followed by "of" and, within a few words and no
    /// comma, an amount of the accounts.
    static func isPartOfAmount(_ reading: SentenceReading, quantity: Int) -> Bool {
        let words = reading.words
        var k = reading.quantityTokens[quantity].upperBound
        guard k < words.count, words[k] == "of" else { return false }
        k += 1
        for j in k..<min(words.count, k + 6) {
            if words[j] == "," || words[j] == ";" { return false }
            if amountWords.contains(words[j]) { return true }
        }
        return false
    }

    /// Whether the nearest thing a percent can grow, before it in its clause, is no metric: earnings per share, or an
    /// audience ("EPS-diluted … 29.2 %", "Subscribers: 41M (+9%)", "monthly users rose 6%"). A metric's cue nearer
    /// the percent wins ("Revenue: €1.9B (+7%)").
    static func growsNoMetric(_ reading: SentenceReading, quantity: Int) -> Bool {
        let start = reading.quantityTokens[quantity].lowerBound
        let myClause = start < reading.clause.count ? reading.clause[start] : 0
        var k = start - 1
        var words = 0
        while k >= 0, words < 6, reading.clause[k] == myClause {
            let token = reading.tokens[k]
            if reading.covered[k] || !token.isWord {
                k -= 1
                continue
            }
            if reading.cues.contains(where: { $0.range.contains(k) && $0.cue != .block }) { return false }
            let lower = token.lower
            if audienceNouns.contains(lower) || growthlessNouns.contains(lower) || lower.hasPrefix("eps-") {
                return true
            }
            if lower == "share" || lower == "ads", k > 0, reading.tokens[k - 1].lower == "per" { return true }
            words += 1
            k -= 1
        }
        return false
    }

    /// Figures a company reports that no metric here measures: per-share earnings, active-user counts, orders and
    /// output; and the parts a change is split into ("volume growth of 0.8%", "price of 2.6%").
    static let growthlessNouns: WordSet = [
        "eps", "maus", "mau", "daus", "dau", "arpu", "subscriber", "subscribers", "production", "output", "orders",
        "bookings", "volume", "volumes", "price", "prices", "pricing"
    ]

    /// Whether a share belongs to a region: "14% for APAC", a region that opens the sentence ("Latin America
    /// led the market with a share of 31.5%"), or one a relative clause describes ("EMEA, which made up
    /// 27% of the market"). A region that only qualifies a company's share ("Kestrel's share in Japan") leaves it.
    static func isRegionShare(_ reading: SentenceReading, quantity: Int) -> Bool {
        let tokens = reading.tokens
        let range = reading.quantityTokens[quantity]
        // The capitalised run of up to three words from `start` (before `limit`), lower-cased, and its last index.
        func run(from start: Int, before limit: Int) -> (words: [String], last: Int) {
            var last = start
            while last + 1 < limit, last - start < 2, tokens[last + 1].isWord, tokens[last + 1].isCapitalized {
                last += 1
            }
            return (tokens[start...last].map(\.lower), last)
        }
        let after = range.upperBound
        if after + 1 < tokens.count, tokens[after].lower == "for", tokens[after + 1].isCapitalized,
            CandidateFeatures.isRegion(run(from: after + 1, before: tokens.count).words)
        {
            return true
        }
        var start = 0
        while start < range.lowerBound, ["both", "the"].contains(tokens[start].lower) { start += 1 }
        if start < range.lowerBound, tokens[start].isCapitalized,
            CandidateFeatures.isRegion(run(from: start, before: range.lowerBound).words)
        {
            return true
        }
        for k in 0..<range.lowerBound where tokens[k].isCapitalized && tokens[k].isWord {
            let (words, last) = run(from: k, before: range.lowerBound)
            if last + 2 < range.lowerBound, tokens[last + 1].text == ",", tokens[last + 2].lower == "which",
                CandidateFeatures.isRegion(words)
            {
                return true
            }
        }
        return false
    }

    /// The accounts' amounts a percent can be a part of.
    static let amountWords: WordSet = [
        "revenue", "revenues", "sales", "turnover", "profit", "profits", "income", "earnings"
    ]

    /// Nouns that count an audience or a customer base, not products shipped or staff.
    static let audienceNouns: WordSet = [
        "subscribers", "subscriptions", "users", "customers", "members", "accounts", "viewers", "listeners",
        "readers", "visitors", "followers", "downloads", "passengers", "subscriber", "user", "customer"
    ]

    /// The best metric key for these features, with its margin over `NONE`; nil when no fact.
    func decideMetric(_ features: [UInt64], kind: Quantity.Kind) -> (String, Float)? {
        guard let (key, margin) = bestMetric(features, kind: kind), margin > threshold else { return nil }
        return (key, margin)
    }

    /// The best metric key other than `NONE` for these features and its margin over `NONE`, whatever the
    /// threshold; nil when the kind allows no metric.
    func bestMetric(_ features: [UInt64], kind: Quantity.Kind) -> (String, Float)? {
        let scores = metric.scores(features)
        guard let allowed = allowed[kind] else { return nil }
        var best = -1
        for c in allowed where c != 0 && (best < 0 || scores[c] > scores[best]) { best = c }
        guard best > 0 else { return nil }
        return (metric.classes[best], scores[best] - scores[0])
    }

    /// "Kestrel lifted its share to 24%, Marlow slipped to 18%, and Veltro held 9%": in a sentence that names
    /// several companies, a figure whose comma-delimited stretch opens with a name (after "and", "while", "but"),
    /// and names no other before it, is that name's.
    static func listItemOwner(_ quantity: Int, in sentence: ReadSentence) -> String? {
        let tokens = sentence.reading.tokens
        let start = sentence.reading.quantityTokens[quantity].lowerBound
        let mentions = sentence.mentions.filter { !$0.isSource }
        guard let first = mentions.first, mentions.contains(where: { $0.name != first.name }) else { return nil }
        var k = start - 1
        while k >= 0, tokens[k].text != ",", tokens[k].text != ";" { k -= 1 }
        var open = k + 1
        while open < start, listJoiners.contains(tokens[open]) { open += 1 }
        guard let subject = mentions.first(where: { $0.first == open }), subject.last + 1 < start,
            !mentions.contains(where: { $0.first > subject.last && $0.first < start }),
            !tokens[subject.last + 1].isCapitalized
        else { return nil }
        return subject.name
    }

    /// "…, outpacing Marlow, whose sales fell 2% to $2.4 billion": a figure inside a relative clause about a name (no
    /// comma or other name between them) is that name's.
    static func relativeOwner(_ quantity: Int, in sentence: ReadSentence) -> String? {
        let tokens = sentence.reading.tokens
        let start = sentence.reading.quantityTokens[quantity].lowerBound
        guard let relative = tokens[..<start].lastIndex(where: { relativeWords.contains($0) }), relative >= 2,
            tokens[relative - 1].text == ",",
            !tokens[(relative + 1)..<start].contains(where: { [",", ";", ":"].contains($0.text) }),
            let subject = sentence.mentions.last(where: { !$0.isSource && $0.last < relative - 1 }),
            subject.last == relative - 2,
            !sentence.mentions.contains(where: { $0.first > relative && $0.first < start })
        else { return nil }
        return subject.name
    }

    static let relativeWords: WordSet = ["whose", "which", "who"]

    /// Words that may open a list item before its subject: "…, and Veltro held 9%".
    static let listJoiners: WordSet = ["and", "while", "but", "whereas", "as"]

    /// The candidate before candidate `index` when `index` is its currency conversion in parentheses
    /// ("$2.3 billion (€2.1bn)"): both amounts of money, in different currencies.
    static func primaryOfConversion(_ index: Int, in context: ArticleContext) -> Int? {
        guard index > 0 else { return nil }
        let (candidate, before) = (context.candidates[index], context.candidates[index - 1])
        let reading = context.sentences[candidate.sentence].reading
        guard before.sentence == candidate.sentence, before.quantity == candidate.quantity - 1,
            reading.isConversion(candidate.quantity, of: before.quantity)
        else { return nil }
        let (amount, converted) = (reading.quantities[before.quantity], reading.quantities[candidate.quantity])
        guard amount.kind == .money, converted.kind == .money, amount.unit != converted.unit else { return nil }
        return index - 1
    }

    /// "Kestrel (12.5%)": a figure alone in parentheses right after a company's name is that company's.
    static func parenthesizedOwner(_ quantity: Int, in sentence: ReadSentence) -> String? {
        let tokens = sentence.reading.tokens
        let range = sentence.reading.quantityTokens[quantity]
        guard range.lowerBound >= 2, range.upperBound < tokens.count, tokens[range.lowerBound - 1].text == "(",
            tokens[range.upperBound].text == ")"
        else { return nil }
        return sentence.mentions.first { !$0.isSource && $0.last == range.lowerBound - 2 }?.name
    }

    /// "A, B and C … 14%, 9% and 6% respectively": the n-th company named owns the n-th figure of its kind,
    /// when the counts agree; nil otherwise.
    static func respectiveOwner(_ candidate: Candidate, in sentence: ReadSentence) -> String? {
        let r = sentence.reading
        guard r.saysRespectively else { return nil }
        var names: [String] = []
        for mention in sentence.mentions where !mention.isSource && !names.contains(mention.name) {
            names.append(mention.name)
        }
        let kind = r.quantities[candidate.quantity].kind
        let sameKind = r.quantities.indices.filter { r.quantities[$0].kind == kind }
        guard names.count > 1, names.count == sameKind.count, let ordinal = sameKind.firstIndex(of: candidate.quantity)
        else { return nil }
        return names[ordinal]
    }

    /// The label of a "|"-separated table row when it names a company the detector could not see (a brand
    /// written in lower case: "zelto | 4.2 | 11% |"): one to three words before the first bar, no digits, none
    /// a word of metrics or totals. nil otherwise, and when the detector found a name in the label.
    static func rowOwner(_ sentence: ReadSentence) -> String? {
        let tokens = sentence.reading.tokens
        guard let bar = tokens.firstIndex(where: { $0.text == "|" }), (1...3).contains(bar),
            tokens[..<bar].allSatisfy({ $0.isWord && !$0.text.unicodeScalars.contains(where: QuantityParser.isDigit) }),
            !tokens[..<bar].contains(where: {
                Self.labelWords.contains($0) || Self.rowLabelWords.contains($0)
                    || CueLexicon.phrases[$0.lower] != nil  // "Turnover | 30.1 | 31.1": a metric's row
            }),
            !sentence.mentions.contains(where: { $0.first < bar })
        else { return nil }
        return tokens[..<bar].map(\.text).joined(separator: " ")
    }

    /// Row labels that are not companies.
    static let rowLabelWords: WordSet = [
        "others", "other", "total", "vendor", "vendors", "company", "companies", "brand", "rank", "market", "share",
        "units", "change", "growth", "year", "quarter", "region", "country", "segment", "source"
    ]

    /// The first word of a table row or list line ("Others | 21.0 | …", "_ Other, 9.8 million units"),
    /// lower-cased; nil for prose.
    static func rowLabel(_ sentence: ReadSentence) -> String? {
        let tokens = sentence.reading.tokens
        guard let first = tokens.firstIndex(where: \.isWord), first <= 1 else { return nil }
        let isRow =
            sentence.row != nil || sentence.reading.isListLine || tokens.contains { $0.text == "|" }
            || (first == 1 && ["_", "-", "•", "*", "–"].contains(tokens[0].text))
        guard isRow else { return nil }
        // "Total revenues 31,513 …" in a company's own statement is its total; only a bare "Total" (or "Total
        // market") row sums the vendors above it.
        if tokens[first].lower == "total", first + 1 < tokens.count,
            tokens[first + 1].text.unicodeScalars.first?.properties.isAlphabetic == true,
            !["market", "industry"].contains(tokens[first + 1].lower)
        {
            return "total " + tokens[first + 1].lower
        }
        return tokens[first].lower
    }

    /// The owner and metric of a figure once market-level figures are told apart, or nil for no fact. A research
    /// firm or news agency cited for a figure reports the market, not itself: its shipments, revenue and their
    /// growth are the market's size and growth, with no company (and its other figures none at all). Shipments
    /// and revenue that no company owns are the market's too ("smartphone shipments grew 10%").
    static func marketReading(owner: String?, key: String) -> (owner: String?, key: String)? {
        if let name = owner, KnownSources.contains(name) {
            guard let market = marketLevel(key) else { return nil }
            return (nil, market)
        }
        if owner == nil, let market = marketLevel(key) { return (nil, market) }
        return (owner, key)
    }

    /// The market-level key of a company-level one (shipments and revenue are the market's size, their
    /// growth its growth); nil when the figure has no market-level reading (a share, a profit).
    static func marketLevel(_ key: String) -> String? {
        switch key {
        case "shipments", "revenue", "market_size": "market_size"
        case "growth:shipments", "growth:revenue", "growth:market_size": "growth:market_size"
        default: nil
        }
    }

    /// Whether a percent is a compound annual growth rate: "CAGR" or "compound annual growth rate" within a few
    /// words before it ("a CAGR of 6.2%") or right after it ("a 58% CAGR").
    static func isCompoundAnnualRate(_ reading: SentenceReading, quantity: Int) -> Bool {
        let range = reading.quantityTokens[quantity]
        let words = reading.words
        if range.upperBound < words.count, words[range.upperBound] == "cagr" || words[range.upperBound] == "compound" {
            return true
        }
        let from = max(0, range.lowerBound - 5)
        for k in from..<range.lowerBound {
            if words[k] == "cagr" { return true }
            if words[k] == "compound", k + 1 < range.lowerBound, words[k + 1] == "annual" { return true }
        }
        return false
    }

    /// Whether the quantity is read after "from" ("up from 9%", "from 22% to 24%").
    static func followsFrom(_ reading: SentenceReading, quantity: Int) -> Bool {
        let start = reading.quantityTokens[quantity].lowerBound
        return start > 0 && reading.tokens[start - 1].lower == "from"
    }

    /// "from NT$118 billion in 2024": a period of its own right after the quantity ("in", "for" or "during", then a
    /// year or a period word such as "Q3" or "FY2024"), which no comparison moves.
    static func namesOwnPeriod(_ reading: SentenceReading, quantity: Int) -> Bool {
        let end = reading.quantityTokens[quantity].upperBound
        guard end + 1 < reading.tokens.count, ["in", "for", "during"].contains(reading.tokens[end].lower) else {
            return false
        }
        let word = reading.tokens[end + 1].lower
        if let year = Int(word), word.utf8.count == 4 { return (1900...2100).contains(year) }
        return TableHeader.isPeriodOrChange(word) && !TableReader.changeWords.contains(word)
    }

    /// "to $41 billion from $37.7 billion": the quantity follows "from" right after the one before it, which
    /// follows "to".
    static func followsToPrevious(_ reading: SentenceReading, quantity: Int) -> Bool {
        guard quantity > 0 else { return false }
        let previous = reading.quantityTokens[quantity - 1]
        return previous.lowerBound > 0 && reading.tokens[previous.lowerBound - 1].lower == "to"
            && reading.quantityTokens[quantity].lowerBound == previous.upperBound + 1
    }

    /// "from 11% to 13%": the quantity is followed by "to" and the next quantity.
    static func leadsToNext(_ reading: SentenceReading, quantity: Int) -> Bool {
        let end = reading.quantityTokens[quantity].upperBound
        return quantity + 1 < reading.quantities.count && end < reading.tokens.count
            && reading.tokens[end].lower == "to" && reading.quantityTokens[quantity + 1].lowerBound == end + 1
    }

    /// "2024" → "2023", "FY2024" → "FY2023", "Q3 2024" → "Q3 2023"; nil for other forms.
    /// The first "19dd" or "20dd" anywhere in the label is the year, as the pattern `(19|20)\d\d` would find
    /// it; a byte scan, because a regular expression is compiled again on every call.
    static func yearBefore(_ period: String) -> String? {
        let bytes = Array(period.utf8)
        guard bytes.count >= 4 else { return nil }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        for i in 0...(bytes.count - 4)
        where (bytes[i] == 0x31 && bytes[i + 1] == 0x39 || bytes[i] == 0x32 && bytes[i + 1] == 0x30)
            && isDigit(bytes[i + 2]) && isDigit(bytes[i + 3])
        {
            let year = bytes[i..<(i + 4)].reduce(0) { $0 * 10 + Int($1 - 0x30) }
            return String(decoding: bytes[..<i], as: UTF8.self) + String(year - 1)
                + String(decoding: bytes[(i + 4)...], as: UTF8.self)
        }
        return nil
    }

    /// Periods the sentence leaves implicit: "last year" is the year before publication; otherwise a figure
    /// takes the period of the figure before it in the same paragraph, else the period the article last
    /// stated before the figure's sentence (an article reports one quarter or year, and says so once: "In the
    /// third quarter, …" and then "Operating profit rose 4%."), else the first one it states
    /// (``ArticleContext/statedPeriods``: its title's first).
    /// Returns the facts whose "last year" makes them the same period a year before the one they now carry (their
    /// canonical period is moved once it is resolved).
    static func resolvePeriods(
        _ facts: inout [Fact], sentenceOfFact: [Int], quantityOfFact: [Int], context: ArticleContext,
        cues: (Int) -> PeriodResolver.Cues
    ) -> Set<Int> {
        var yearAgo = Set<Int>()
        let publishedYear = context.published.flatMap { Int($0.prefix(4)) }
        // The last stated period per company in the current paragraph (one pass: linear in the facts).
        var paragraph = -1
        var lastPeriod: [String: String] = [:]
        // The sentence of the last fact: whether it names last year, the figures a "last year" follows, and whether
        // it names a running total of its own that the article's period must not cover ("the first three quarters",
        // "year to date"; a span of months keeps the carried label, whose year places it).
        var lastYearSentence: (index: Int, says: Bool, attached: Set<Int>?, ownSpan: Bool) = (-1, false, nil, false)
        let stated = context.statedPeriods
        var articlePeriod = stated.first?.label
        var next = 0
        for index in facts.indices {
            let sentence = context.sentences[sentenceOfFact[index]]
            if sentence.paragraph != paragraph {
                paragraph = sentence.paragraph
                lastPeriod = [:]
            }
            while next < stated.count, stated[next].sentence < sentenceOfFact[index] {
                articlePeriod = stated[next].label
                next += 1
            }
            let company = facts[index].company ?? ""
            if let period = facts[index].period {
                lastPeriod[company] = period
                continue
            }
            if lastYearSentence.index != sentenceOfFact[index] {
                let read = cues(sentenceOfFact[index])
                let says = read.lastYear
                let ownSpan = read.runningTotal?.fromYearStart == true
                lastYearSentence = (
                    sentenceOfFact[index], says, says ? Self.lastYearFigures(sentence.reading) : nil, ownSpan
                )
            }
            let carried = lastYearSentence.ownSpan ? nil : lastPeriod[company] ?? articlePeriod
            if let attached = lastYearSentence.attached {
                // "rose 3.6% to NT$508 billion from NT$491 billion last year": "last year" dates the figure it
                // follows, the same quarter or half a year before; the sentence's other figures are the period's.
                if attached.contains(quantityOfFact[index]) {
                    if let carried, carried.first == "Q" || carried.first == "H" {
                        facts[index].period = carried
                        yearAgo.insert(index)
                    } else if let publishedYear {
                        facts[index].period = String(publishedYear - 1)
                    }
                } else if let carried {
                    facts[index].period = carried
                }
            } else if lastYearSentence.says {
                // Without a publication date, "last year" stays unlabelled: the canonical period takes it from
                // the sentence's other figures, where the paragraph's last period would be the wrong year.
                if let publishedYear { facts[index].period = String(publishedYear - 1) }
            } else if let period = carried {
                facts[index].period = period
            }
        }
        return yearAgo
    }

    /// The quantities a "last year" right after them dates ("from NT$491 billion last year", "$2.1 billion in the
    /// same period last year"), at most five words after; nil when every "last year" of the sentence stands apart from
    /// its figures ("Last year, revenue rose 5% to $3 billion"), which it then dates all of.
    static func lastYearFigures(_ reading: SentenceReading) -> Set<Int>? {
        var attached = Set<Int>()
        for k in PeriodResolver.lastYearMentions(reading.words) {
            if let quantity = reading.quantityTokens.lastIndex(where: { $0.upperBound <= k }),
                k - reading.quantityTokens[quantity].upperBound <= 5
            {
                attached.insert(quantity)
            }
        }
        return attached.isEmpty ? nil : attached
    }

    /// About how many US dollars one unit of a currency is worth, to the order of magnitude: enough to
    /// tell a share price (512,000 won, about $390) from a company figure. 1 for currencies not listed.
    static func dollarsPerUnit(_ currency: String) -> Double {
        switch currency {
        case "KRW": 1 / 1300
        case "JPY": 1 / 140
        case "INR": 1 / 80
        case "TWD": 1 / 31
        case "CNY": 1 / 7
        case "HKD": 1 / 7.8
        case "THB": 1 / 35
        case "VND": 1 / 24000
        case "IDR": 1 / 15000
        case "PHP": 1 / 55
        case "RUB": 1 / 90
        case "MXN": 1 / 18
        case "ZAR": 1 / 18
        case "SEK", "NOK", "DKK": 1 / 10
        case "BRL": 1 / 5
        case "MYR": 1 / 4.5
        case "KES": 1 / 130
        case "NGN": 1 / 1500
        case "GHS": 1 / 15
        case "EGP": 1 / 48
        case "TZS": 1 / 2600
        case "UGX": 1 / 3700
        case "PKR": 1 / 280
        case "BDT": 1 / 120
        case "LKR": 1 / 300
        case "TRY": 1 / 33
        case "COP": 1 / 4000
        case "CLP": 1 / 950
        case "ARS": 1 / 900
        case "AED", "SAR", "QAR": 1 / 3.7
        case "PLN": 1 / 4
        default: 1
        }
    }

    /// Figures no company reports: an amount below 100,000 in any currency (share prices, EPS), a share
    /// over 100 %, and a money amount "per share".
    /// More people than any employer has ever had on its payroll (the largest have about three million).
    static let largestHeadcount = 1e7

    static func isPlausible(_ fact: Fact, sentence: ReadSentence, quantity: Int) -> Bool {
        let r = sentence.reading
        switch fact.metric {
        case .marketShare, .rdShareOfRevenue:
            // A whole market or a whole revenue is no one's share: "100%" there is a growth rate or a total.
            return abs(fact.value) < 1
        case .growth:
            return true
        // More units than every phone sold in a year, more staff than the largest employer: a misprint or a misreading
        // (a billion-fold typo in a unit count, a headcount read in crore).
        case .shipments:
            return abs(fact.value) <= FactExtractor.largestCount
        case .employees:
            return abs(fact.value) <= Self.largestHeadcount
        default:
            guard fact.unit != "units" else { return true }
            if abs(fact.value) * Self.dollarsPerUnit(fact.unit) < 1e5 { return false }
            let after = r.quantityTokens[quantity].upperBound
            let window = r.words[min(after, r.words.count)..<min(r.words.count, after + 3)]
            if window.contains("per") && (window.contains("share") || window.contains("diluted")) { return false }
            return true
        }
    }

    /// A fact of metric `key` for the candidate's quantity, built as the rules build theirs. A table cell takes
    /// the period its column's header names ("4Q24 Unit Shipments | 4Q25 Unit Shipments"): the row's own words
    /// name none, and the header's first would date every column.
    static func fact(key: String, company: String?, candidate: Candidate, sentence: ReadSentence) -> Fact? {
        var fact = builtFact(key: key, company: company, candidate: candidate, sentence: sentence)
        if let row = sentence.row,
            let period = TableReader.columnPeriod(row, reading: sentence.reading, quantity: candidate.quantity)
        {
            fact?.period = period
        }
        return fact
    }

    private static func builtFact(key: String, company: String?, candidate: Candidate, sentence: ReadSentence)
        -> Fact?
    {
        if var rule = candidate.rule, CandidateFeatures.key(rule) == key {
            rule.company = company
            return signedLoss(rule, reading: sentence.reading, quantity: candidate.quantity)
        }
        let r = sentence.reading
        let q = r.quantities[candidate.quantity]
        let range = r.quantityTokens[candidate.quantity]
        var metric: Fact.Metric
        var growthOf: String?
        var detail: String?
        if key.hasPrefix("growth:") {
            metric = .growth
            growthOf = String(key.dropFirst("growth:".count))
        } else if key.hasPrefix("other:") {
            metric = .other
            detail = String(key.dropFirst("other:".count))
        } else {
            guard let m = Fact.Metric(rawValue: key) else { return nil }
            metric = m
        }
        let unit: String
        switch q.kind {
        case .money: unit = q.unit
        case .percent, .percentagePoints: unit = "percent"
        case .count: unit = metric == .employees ? "people" : "units"
        }
        var fact = Fact(
            company: company, metric: metric, value: q.value, unit: unit,
            qualifier: q.qualifier == .atLeast ? .over : q.qualifier, period: r.period(of: candidate.quantity),
            status: r.status(of: candidate.quantity), evidence: sentence.text, evidenceStart: sentence.offset,
            evidenceEnd: sentence.offset + sentence.length, growthOf: growthOf, metricDetail: detail,
            range: q.range, text: q.text)
        if metric == .growth {
            let falling =
                r.changeDirection(range) ?? r.tableChange(candidate.quantity) ?? r.listedDirection(candidate.quantity)
                ?? false
            if falling && fact.value > 0 {
                fact.value = -fact.value
                fact.range = fact.range.map { [-$0[1], -$0[0]] }
            }
            fact.comparison = r.comparison(range)
        }
        return signedLoss(fact, reading: r, quantity: candidate.quantity)
    }

    /// A profit figure named a loss is negative: "a net loss of $1.2 billion", "an operating loss of 2.3 trillion
    /// won", "a 2.3 trillion won operating loss", "EBIT fell to minus 4.7 billion euros". Applied to the fact
    /// whichever reading built it, the rules' or the model's.
    static func signedLoss(_ fact: Fact, reading r: SentenceReading, quantity: Int) -> Fact {
        let q = r.quantities[quantity]
        guard q.kind == .money, [.netIncome, .operatingProfit, .other].contains(fact.metric), fact.value > 0 else {
            return fact
        }
        let start = r.quantityTokens[quantity].lowerBound
        let end = r.quantityTokens[quantity].upperBound
        let window = max(0, start - 4)..<start
        // "a 2.3 trillion won operating loss": the amount modifies the loss after it.
        let after = end..<min(r.tokens.count, end + 2)
        let lossAfter =
            after.first(where: { Self.lossWords.contains(r.tokens[$0]) }).map { k in
                (end..<k).allSatisfy { r.tokens[$0].isWord && !r.covered[$0] }
            } ?? false
        guard
            r.nearestCue(quantity) == .netLoss || window.contains(where: { Self.lossWords.contains(r.tokens[$0]) })
                || start > 0 && Self.negativeWords.contains(r.tokens[start - 1]) || lossAfter
        else { return fact }
        var signed = fact
        signed.value = -fact.value
        return signed
    }

    /// Words written as a sign right before an amount.
    static let negativeWords: WordSet = ["minus", "negative"]

    // MARK: - Serialisation

    /// The model as text: a header (threshold, kinds), then the two linear models.
    public func serialized() -> String {
        var out = "factwire-fact-model 1\n"
        out += "threshold \(threshold)\n"
        for kind in [Quantity.Kind.money, .percent, .percentagePoints, .count] {
            out += "allowed \(kind.rawValue) " + (allowed[kind] ?? []).map(String.init).joined(separator: ",") + "\n"
        }
        out += "== metric\n" + metric.serialized()
        out += "== company\n" + company.serialized()
        return out
    }

    /// Reads ``serialized()``'s form.
    public init(serialized text: String) throws {
        // Searched as bytes: Foundation's `range(of:)` converts the 1.4 MB text to UTF-16 first.
        guard let metricStart = text.utf8Range(of: "== metric\n"), let companyStart = text.utf8Range(of: "== company\n")
        else {
            throw LinearModel.ModelError("missing sections")
        }
        var threshold: Float = 0
        var allowed: [Quantity.Kind: [Int]] = [:]
        for line in text[..<metricStart.lowerBound].split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.first == "threshold", fields.count == 2 { threshold = Float(fields[1]) ?? 0 }
            if fields.first == "allowed", fields.count >= 2, let kind = Quantity.Kind(rawValue: String(fields[1])) {
                allowed[kind] = fields.count == 3 ? fields[2].split(separator: ",").compactMap { Int($0) } : []
            }
        }
        self.threshold = threshold
        self.allowed = allowed
        metric = try LinearModel(serialized: text[metricStart.upperBound..<companyStart.lowerBound])
        company = try LinearModel(serialized: text[companyStart.upperBound...])
        guard allowed.values.allSatisfy({ $0.allSatisfy { $0 < metric.classes.count } }) else {
            throw LinearModel.ModelError("class index out of range")
        }
    }
}
