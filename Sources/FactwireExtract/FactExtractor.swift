/// Finds market-figure facts in a normalized article.
///
/// Rules over tokens, no model and no list of companies, so it behaves the same on articles nobody has
/// seen. Each body line is split into sentences, each sentence into clauses (at ";" and at ", while" /
/// ", but"). For every quantity the extractor decides, in order:
///
/// 1. **what it measures** — the nearest cue phrase in its clause ("net profit of $X", "$X in revenue",
///    "a 22.5% market share"), else the last cue of an earlier clause, else (for a sentence that starts
///    with "It"/"This" or says "the figure") the previous fact's metric. A block cue nearest to it (EPS,
///    dividend, margin, orders, share price, cost, estimate…) drops it;
/// 2. **whether a percent is a change** — a change word next to it ("up", "fell", "a decline of",
///    "year-on-year"), a share of revenue ("14 percent of its revenue on R&D"), or a market share;
/// 3. **whose it is** — the nearest company named before it in the sentence unless a pronoun ("its", "the
///    company") stands between, else the speaker named after it, else the company the article is about
///    at that point. Market-level figures (no company, "worldwide spending") keep a nil company.
///
/// Figures in parentheses right after a money amount in another currency are conversions and become
/// ``Fact/alternatives``. An R&D share of revenue and the revenue in the same sentence give a derived
/// R&D spend (``Fact/derived``).
public struct FactExtractor: Sendable {
    /// The learned decisions; nil for the hand-written rules alone.
    let model: FactModel?

    /// Creates an extractor with the model that ships with Factwire (rules alone if it cannot be read).
    public init() { model = FactModel.shipped }

    /// Creates an extractor with `model`, or the hand-written rules alone when it is nil.
    public init(model: FactModel?) { self.model = model }

    /// The month each company's fiscal year ends, as earlier articles stated it (canonical name → 1–12):
    /// an article that states none places that company's quarters in this calendar.
    public var rememberedYearEnds: [String: Int] = [:]

    /// What one article gave.
    public struct Result: Sendable {
        public var facts: [Fact]
        /// An acronym → the canonical name it stands for.
        public var aliases: [String: String]
        /// The fiscal year end the article states, for the company it is about.
        public var fiscalYearEnd: Extraction.FiscalYearEnd?
    }

    /// Largest plausible count of shipped units (more than every phone ever sold in a year is an error in the source).
    static let largestCount = 5e9

    /// The facts of `article`, in order of the body.
    public func facts(in article: NormalizedArticle) -> [Fact] { extract(article).facts }

    /// The facts of `article`, and the aliases it taught (an acronym → the canonical name it stands for).
    public func extract(_ article: NormalizedArticle) -> (facts: [Fact], aliases: [String: String]) {
        // Without a cancellation token nothing can throw.
        guard let result = try? extract(article, cancellation: nil) else { return ([], [:]) }
        return (result.facts, result.aliases)
    }

    /// The facts of `article` and its aliases; stops with ``ExtractionCancelled`` once `cancellation` is set.
    /// `address`: the page's URL, which may say whose page it is (``PageAddress``).
    public func extract(
        _ article: NormalizedArticle, address: String? = nil, cancellation: ExtractionCancellation?
    ) throws -> Result {
        var (context, ruleFacts, aliases) = try read(article, address: address, cancellation: cancellation)
        guard let model else { return Result(facts: ruleFacts, aliases: aliases) }
        context.statedCalendar = PeriodResolver.statedCalendar(sentences: context.sentences.map(\.reading.words))
        context.rememberedYearEnds = rememberedYearEnds
        let stated = context.statedCalendar.flatMap { calendar in
            context.main.map { Extraction.FiscalYearEnd(company: $0, month: calendar.yearEndMonth) }
        }
        return Result(
            facts: try model.facts(in: context, cancellation: cancellation), aliases: aliases, fiscalYearEnd: stated)
    }

    /// The article read for the learned decisions (sentences, salience, candidates with the rules' verdicts).
    func context(for article: NormalizedArticle, address: String? = nil) -> ArticleContext {
        // Without a cancellation token reading cannot throw.
        try! read(article, address: address, cancellation: nil).context
    }

    func read(_ article: NormalizedArticle, address: String? = nil, cancellation: ExtractionCancellation?) throws -> (
        context: ArticleContext, ruleFacts: [Fact], aliases: [String: String]
    ) {
        // The headline is not read: its figures are rounded restatements and its Title Case hides names.
        // First pass: every sentence read once, so the whole article's companies are known before any
        // figure is attributed (the first sentence may state a figure of a company named later).
        var sentences: [ReadSentence] = []
        var offset = 0
        let splitter = SentenceSplitter()
        var header = TableHeader()
        var proseAmounts: [Quantity] = []
        // The units the current table's rows were seen to use (``TableReader/impliedUnits``).
        var tableUnits: (scale: Double, currency: String?)?
        // One sentence (or one part of a flattened table): its table cells and implicit amounts, the header
        // lines it notes, its paragraph.
        func add(_ sentence: ReadSentence, isHeader: Bool, paragraph paragraphIndex: Int) {
            var sentence = sentence
            let tokens = sentence.reading.tokens
            let isHeaderLine = TableReader.isHeaderLine(tokens)
            let isRow =
                !isHeader && !isHeaderLine
                && (TableReader.isRow(tokens) || TableReader.isPairRow(tokens) && header.units() != nil)
            var own = sentence.reading.quantities
            // "2025 Unit Shipments | 2024 Unit Shipments": a header's year over a column counts nothing.
            if isHeaderLine {
                own.removeAll { $0.kind == .count && TableReader.isYear($0.value) }
            }
            var cells: [Quantity] = []
            if isRow {
                // The row's own label ("Net income (B$)") states its units before the header does.
                // A row number that matches an amount written earlier shows the row's scale better than a short
                // line above that mentions one.
                // A row whose numbers match no amount takes the units an earlier row of the table matched.
                let implied = TableReader.impliedUnits(
                    sentence.scalars, tokens: tokens, quantities: own, amounts: proseAmounts)
                if let implied { tableUnits = implied }
                let units =
                    TableHeader.rowUnits(sentence.scalars, tokens: tokens) ?? implied ?? tableUnits ?? header.units()
                own = TableReader.rescaled(tokens: tokens, quantities: own, units: units)
                own = TableReader.parenthesisedNegatives(sentence.scalars, quantities: own)
                cells = TableReader.cells(sentence.scalars, tokens: tokens, quantities: own, units: units)
            }
            if cells.isEmpty {
                cells = ImplicitQuantities.find(
                    sentence.scalars, tokens: sentence.reading.tokens,
                    quantities: sentence.reading.quantities)
            }
            if !cells.isEmpty || own != sentence.reading.quantities {
                sentence = ReadSentence(
                    scalars: sentence.scalars, offset: sentence.offset, tokens: tokens,
                    quantities: (own + cells).sorted { $0.start < $1.start })
            }
            sentence.paragraph = paragraphIndex
            if isRow {
                sentence.row = header.columns()
            } else {
                header.note(sentence.scalars)
                tableUnits = nil
                // The last amounts of the prose, for a table whose header states no units.
                proseAmounts += sentence.reading.quantities.filter { $0.kind == .money && $0.value >= 1_000_000 }
                if proseAmounts.count > 256 { proseAmounts.removeFirst(proseAmounts.count - 256) }
            }
            sentences.append(sentence)
        }
        for (paragraphIndex, paragraph) in article.paragraphs.enumerated() {
            let scalars = ScalarText.scalars(paragraph)
            var lineStart = 0
            for index in 0...scalars.count where index == scalars.count || scalars[index] == "\n" {
                if index > lineStart {
                    for range in splitter.ranges(in: scalars, from: lineStart, to: index) {
                        try cancellation?.check()
                        let sentence = ReadSentence(scalars: Array(scalars[range]), offset: offset + range.lowerBound)
                        let tokens = sentence.reading.tokens
                        guard
                            let parts = FlattenedTable.parts(tokens, quantityTokens: sentence.reading.quantityTokens)
                                ?? RunOnSentence.points(tokens)?.map({
                                    FlattenedTable.Part(tokens: $0, isHeader: false)
                                })
                        else {
                            add(sentence, isHeader: false, paragraph: paragraphIndex)
                            continue
                        }
                        for part in parts {
                            let start = range.lowerBound + tokens[part.tokens.lowerBound].start
                            let end = range.lowerBound + tokens[part.tokens.upperBound - 1].end
                            add(
                                ReadSentence(scalars: Array(scalars[start..<end]), offset: offset + start),
                                isHeader: part.isHeader, paragraph: paragraphIndex)
                        }
                    }
                }
                lineStart = index + 1
            }
            offset += scalars.count + 2
        }
        var midCapitalized: Set<String> = []
        for sentence in sentences {
            let tokens = sentence.reading.tokens
            guard let first = tokens.firstIndex(where: \.isWord) else { continue }
            for k in (first + 1)..<tokens.count
            where tokens[k].isCapitalized && !CompanyDetector.startsClause(tokens, k, firstWord: first) {
                midCapitalized.insert(tokens[k].text)
            }
        }
        var detector = CompanyDetector(text: article.body, author: article.author, midCapitalized: midCapitalized)
        for index in sentences.indices {
            sentences[index].mentions = detector.mentions(
                in: sentences[index].reading.tokens, covered: sentences[index].reading.covered)
        }
        // The header (section crumb, title, dek) often names the issuer of a results release only there
        // ("Marlow Group plc › Half-year results"): its first name written with a legal suffix, else its first
        // name, is an owner to offer.
        let headerMentions = [article.section, article.title, article.dek].compactMap { $0 }.flatMap { text in
            detector.mentions(in: Token.tokenize(Array(text.unicodeScalars))).filter {
                !$0.isSource && !KnownSources.contains($0.name)
            }
        }
        // A header name written with a legal suffix is the issuer: the article's main company, however few
        // times the body repeats it ("Marlow Group plc" once, its "Ice Cream" unit twice).
        var issuer = headerMentions.first(where: \.hadSuffix)?.name
        var headerName = issuer ?? headerMentions.first?.name
        // A header that names no company leaves the page's address to say whose page it is: a name of the body
        // its slug or host spells ("…/kestrel-lifts-revenue", "kestrel.com"), else the owner of a company's own
        // site ("report.marlow.com"), whose pages may never write the name ("our Nordic business").
        if headerName == nil, let page = address.flatMap(PageAddress.init) {
            var names: [String] = []
            var seen: Set<String> = []
            for sentence in sentences {
                for mention in sentence.mentions
                where !mention.isSource && !KnownSources.contains(mention.name) && seen.insert(mention.name).inserted {
                    names.append(mention.name)
                }
            }
            if let named = page.name(among: names) {
                headerName = named
                if page.isFirstParty || page.siteName == PageAddress.words(named).joined() { issuer = named }
            } else if let owner = page.owner {
                headerName = owner
                issuer = owner
            }
        }
        var state = State(salience: CompanySalience(sentences, issuer: issuer))
        for index in sentences.indices { state.read(sentences[index], at: index) }
        let context = ArticleContext(
            sentences: sentences, salience: state.salience, candidates: state.candidates, title: article.title,
            headerName: headerName, published: article.published)
        return (context, state.facts, detector.aliases)
    }
}

/// A sentence tokenized, with its quantities, cues and company mentions.
///
/// A class: every rule and feature reads sentences out of the article's array, and a struct of a dozen arrays
/// was retained and released field by field at each read.
final class ReadSentence {
    let scalars: [Unicode.Scalar]
    let offset: Int
    var length: Int { scalars.count }
    let reading: SentenceReading
    var mentions: [CompanyDetector.Mention] = []
    /// Index of the body paragraph the sentence is in.
    var paragraph = 0
    /// For a table row: the words of the header line above it, per column when it has separators.
    var row: TableHeader.Columns?

    /// The sentence as text (made only for sentences that give facts).
    var text: String { ScalarText.string(scalars, 0, scalars.count) }

    convenience init(scalars: [Unicode.Scalar], offset: Int) {
        self.init(
            scalars: scalars, offset: offset, tokens: Token.tokenize(scalars),
            quantities: QuantityParser().quantities(scalars: scalars))
    }

    init(scalars: [Unicode.Scalar], offset: Int, tokens: [Token], quantities: [Quantity]) {
        self.scalars = scalars
        self.offset = offset
        reading = SentenceReading(tokens: tokens, quantities: quantities)
    }
}

/// How much the article treats each name as a company: mentions, plus evidence such as a legal suffix,
/// a possessive, a list line, an acronym, or a verb right after it at the start of a sentence.
struct CompanySalience {
    private(set) var mentions: [String: Int] = [:]
    private(set) var evidence: [String: Int] = [:]
    private(set) var order: [String] = []
    /// Names the article calls a segment or division ("the Field Systems segment", "our Imaging businesses"):
    /// business lines of the company reporting, never its main subject, whatever their suffix or counts.
    private(set) var businessLines: Set<String> = []
    /// The issuer the header names, if any: the main company whatever the counts say.
    let issuer: String?
    /// The company named most (with evidence first), the article's subject when nothing else says; a business
    /// line only when the article names nothing else. Worked out once, when the counts are complete: every
    /// sentence and candidate asks for it.
    private(set) var main: String?

    static let subjectVerbs: WordSet = [
        "reported", "reports", "posted", "posts", "said", "says", "announced", "announces",
        "spent", "spends", "sold", "sells", "shipped", "ships", "earned", "recorded", "expects", "projects", "plans",
        "proposes",
        "is", "was", "has", "had", "will", "would", "comes", "came", "increased", "grew", "saw", "sees", "generated",
        "made",
        "invested", "invests", "employs", "booked", "delivered", "raised", "cut", "lost", "won", "accounts", "closes",
        "compared",
        "revealed", "noted", "added", "forecast", "expected", "launched", "leads", "led", "dominates", "dominated",
        "holds", "held"
    ]

    init(_ sentences: [ReadSentence], issuer: String? = nil) {
        self.issuer = issuer
        for sentence in sentences {
            let tokens = sentence.reading.tokens
            for mention in sentence.mentions where !mention.isSource {
                if mentions[mention.name] == nil { order.append(mention.name) }
                mentions[mention.name, default: 0] += 1
                var score = 0
                let last = tokens[mention.last]
                if last.isPossessive { score += 1 }
                if mention.hadSuffix { score += 2 }
                if mention.last + 1 < tokens.count {
                    let next = tokens[mention.last + 1]
                    if Self.businessLineWords.contains(next) || Self.isLineHeading(mention, in: sentence.reading) {
                        businessLines.insert(mention.name)
                    }
                    if Self.subjectVerbs.contains(next) { score += 1 }
                    if SentenceReading.isListMark(next.text), sentence.reading.isListLine {
                        score += 1
                    }
                    // A ticker or an acronym; not where the company is, "Marlow (U.K.)".
                    if next.text == "(",
                        !CompanyNames.isPlaceInParentheses(tokens, open: mention.last + 1)
                    {
                        score += 1
                    }
                }
                evidence[mention.name, default: 0] += score
            }
        }
        main = issuer ?? mostNamed()
    }

    /// Nouns that, right after a name, make it a business line's. ("unit" is left out: "Kestrel unit Marlow" names
    /// the parent before it, the unit after.)
    static let businessLineWords: WordSet = ["segment", "segments", "division", "divisions", "businesses"]

    /// "Imaging: Second-quarter revenue was $2.1 billion, …": a name that opens a line as its heading, followed by a
    /// line of the accounts before any figure, is a business line reporting under its parent (not "Kestrel: 24.5%",
    /// a vendor's row).
    static func isLineHeading(_ mention: CompanyDetector.Mention, in reading: SentenceReading) -> Bool {
        let tokens = reading.tokens
        guard mention.last + 1 < tokens.count, tokens[mention.last + 1].text == ":",
            !tokens[..<mention.first].contains(where: \.isWord)
        else { return false }
        let figure = reading.quantityTokens.first?.lowerBound ?? tokens.count
        return reading.cues.contains {
            FactModel.isAccountsCue($0.cue) && $0.range.lowerBound > mention.last + 1 && $0.range.upperBound <= figure
        }
    }

    /// A name with some evidence of being a company (a business line has none).
    func isStrong(_ name: String) -> Bool { (evidence[name] ?? 0) > 0 && !businessLines.contains(name) }

    /// The company named most, with evidence first; a business line only when the article names nothing else.
    private func mostNamed() -> String? {
        let companies = order.filter { !businessLines.contains($0) }
        return (companies.isEmpty ? order : companies).max { a, b in
            let ka = (isStrong(a) ? 1 : 0, mentions[a] ?? 0)
            let kb = (isStrong(b) ? 1 : 0, mentions[b] ?? 0)
            return ka < kb
        }
    }
}

extension FactExtractor {
    /// What the extractor knows while it reads an article.
    struct State {
        let salience: CompanySalience
        var facts: [Fact] = []
        /// The company the text is about at this point.
        var focus: String?
        /// The previous sentence's last metric cue, for "It is down 5%…".
        var previousCue: Cue?
        var previousHadMoneyFact = false
        /// Every quantity read, with what the rules made of it: the learned decisions start from these.
        var candidates: [Candidate] = []

        init(salience: CompanySalience) {
            self.salience = salience
        }

        var mainCompany: String? { salience.main }

        /// The name a sentence consists of, a list's number before it aside ("Marlow Foods", "13. Tallis AG").
        static func headingName(_ sentence: ReadSentence, _ subjects: [CompanyDetector.Mention]) -> String? {
            guard subjects.count == 1, let name = subjects.first else { return nil }
            let tokens = sentence.reading.tokens
            for k in tokens.indices where k < name.first || k > name.last {
                guard !tokens[k].isWord || k < name.first && tokens[k].lower.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 })
                else { return nil }
            }
            return name.name
        }

        mutating func read(_ sentence: ReadSentence, at sentenceIndex: Int) {
            let reading = sentence.reading
            let firstCandidate = candidates.count
            let focusBefore = focus ?? mainCompany
            for index in reading.quantities.indices {
                candidates.append(
                    Candidate(
                        sentence: sentenceIndex, quantity: index, focus: focusBefore, previousCue: previousCue,
                        listContinuation: previousHadMoneyFact && reading.cues.isEmpty))
            }
            let quantities = reading.quantities
            let subjects = sentence.mentions.filter { !$0.isSource }
            var text = ""
            defer {
                // The focus moves to a company with evidence; a weak name only fills an empty focus. A heading that is
                // a name and nothing else ("Marlow Foods", "13. Tallis AG") opens that company's part of the page.
                if let heading = Self.headingName(sentence, subjects) {
                    focus = heading
                } else if let first = subjects.first(where: { salience.isStrong($0.name) })
                    ?? (focus == nil ? subjects.first : nil),
                    facts.last?.evidence != text
                {
                    focus = first.name
                }
            }
            guard !quantities.isEmpty else {
                previousCue = nil
                previousHadMoneyFact = false
                return
            }
            text = sentence.text
            var found: [Fact] = []
            var foundIndex: [Int] = []
            var lastCue: Cue?
            for index in quantities.indices {
                let listContinuation = previousHadMoneyFact && reading.cues.isEmpty
                guard
                    let (candidate, cue) = reading.fact(
                        for: index, previousCue: previousCue, listContinuation: listContinuation)
                else { continue }
                candidates[firstCandidate + index].ruleCue = cue
                var fact = candidate
                if fact.metric == .other && fact.metricDetail == nil { continue }
                // A currency conversion in parentheses is another form of the money fact before it.
                if quantities[index].kind == .money, let last = foundIndex.last, quantities[last].kind == .money,
                    reading.isConversion(index, of: last),
                    found[found.count - 1].unit != fact.unit
                {
                    found[found.count - 1].alternatives =
                        (found[found.count - 1].alternatives ?? []) + [
                            Fact.Alternative(value: fact.value, unit: fact.unit)
                        ]
                    candidates[firstCandidate + index].conversionOf = firstCandidate + last
                    continue
                }
                guard
                    let owner = company(
                        for: reading, quantityIndex: index, subjects: subjects, metric: fact.metric, cue: cue)
                else { continue }
                fact.company = owner.name
                if fact.company == nil {
                    if fact.metric == .shipments { fact.metric = .marketSize }
                    let marketLevel =
                        fact.metric == .marketSize || fact.metric == .growth && fact.growthOf == "market_size"
                    if !marketLevel { continue }
                } else if fact.metric == .marketSize || fact.metric == .growth && fact.growthOf == "market_size" {
                    continue
                }
                fact.evidence = text
                fact.evidenceStart = sentence.offset
                fact.evidenceEnd = sentence.offset + sentence.length
                candidates[firstCandidate + index].rule = fact
                found.append(fact)
                foundIndex.append(index)
                lastCue = cue ?? lastCue
            }
            found += Self.derived(from: found)
            facts += found
            if let company = found.last?.company { focus = company }
            previousCue =
                reading.cues.last(where: { $0.cue != .block })?.cue ?? lastCue ?? (found.isEmpty ? nil : previousCue)
            previousHadMoneyFact = found.contains { $0.unit.count == 3 && $0.unit == $0.unit.uppercased() }
        }

        /// Who a figure belongs to; `name` nil for a market-level figure; nil when it cannot be told.
        struct Owner { var name: String? }

        /// Whose figure the quantity is: the nearest company named before it, unless a pronoun stands
        /// between or the name is a weak one far away; else the speaker named after it ("…," Samsung said);
        /// else the company in focus. Market-level figures get no company.
        func company(
            for reading: SentenceReading, quantityIndex: Int, subjects: [CompanyDetector.Mention], metric: Fact.Metric,
            cue: Cue?
        ) -> Owner? {
            let position = reading.quantityTokens[quantityIndex].lowerBound
            let strongInSentence = subjects.contains { salience.isStrong($0.name) }
            // A name in an aside about the subject ("Kestrel, a unit of Marlow Group, posted …") owns nothing after it.
            let before = subjects.filter {
                $0.last < position && !CandidateFeatures.isAside($0, among: subjects, in: reading)
            }
            let anaphorBefore = reading.anaphor(before: position)
            if let nearest = before.last {
                if let anaphor = anaphorBefore, anaphor > nearest.last {
                    if let first = subjects.first, first.last < anaphor { return Owner(name: first.name) }
                    return Owner(name: focus ?? nearest.name)
                }
                if salience.isStrong(nearest.name) || !strongInSentence && position - nearest.last <= 10 {
                    return Owner(name: nearest.name)
                }
                if let strong = before.last(where: { salience.isStrong($0.name) }) { return Owner(name: strong.name) }
                if !strongInSentence { return nil }
            }
            if anaphorBefore != nil { return Owner(name: focus ?? mainCompany) }
            if let after = subjects.first(where: { $0.first > position }), reading.isSpeaker(after) {
                return Owner(name: after.name)
            }
            if metric == .marketSize || cue == .market { return Owner(name: nil) }
            if metric == .shipments { return reading.isMarketLevelCount(quantityIndex) ? Owner(name: nil) : nil }
            return Owner(name: focus ?? mainCompany)
        }

        /// R&D spend from an R&D share of revenue and the revenue in the same sentence.
        static func derived(from facts: [Fact]) -> [Fact] {
            var out: [Fact] = []
            for share in facts where share.metric == .rdShareOfRevenue {
                guard let revenue = facts.first(where: { $0.metric == .revenue && $0.company == share.company }),
                    !facts.contains(where: { $0.metric == .rdSpend && $0.company == share.company })
                else { continue }
                var fact = share
                fact.metric = .rdSpend
                // Whole units: 14% of US$40 billion is 5,600,000,000, not 5600000000.000001.
                fact.value = (share.value * revenue.value).rounded()
                fact.unit = revenue.unit
                fact.period = share.period ?? revenue.period
                fact.derived = true
                fact.text = "\(share.text) × \(revenue.text)"
                out.append(fact)
            }
            return out
        }
    }
}
