import Foundation

/// The features of a candidate: words around the quantity by distance, the cue phrases of its clause and
/// sentence, its kind, unit, size and qualifier, the change words next to it, table-row shape, and the
/// hand-written rules' verdict. Words and shapes only: no article ids, no company names.
struct CandidateFeatures {
    let context: ArticleContext

    /// A token as a feature value: its lower-case form, or a shape for numbers and years.
    static func word(_ token: Token) -> String { word(lower: token.lower) }

    /// ``word(_:)`` of a token's lower-cased form: passing the string alone spares a copy of the token.
    static func word(lower: String) -> String {
        guard let first = lower.utf8.first, first >= 48 && first <= 57 else { return lower }
        if lower.utf8.count == 4, let year = Int(lower), (1900...2100).contains(year) { return "<year>" }
        return "<num>"
    }

    /// "L1=" … "L3=", "R1=" … "R3=" by distance (index 0 unused): built once, not interpolated per word.
    static let leftPrefixes = (0...3).map { "L\($0)=" }
    static let rightPrefixes = (0...3).map { "R\($0)=" }

    /// Words before a cue that keep it the company's own total.
    static let cueModifiers: WordSet = [
        "total", "net", "consolidated", "group", "overall", "operating", "quarterly", "annual",
        "its", "the", "their", "adjusted", "reported", "gaap", "core", "underlying", "first-quarter", "second-quarter",
        "third-quarter", "fourth-quarter", "full-year", "half-year", "<year>", "'s"
    ]

    /// What stands before a cue phrase at `start`: a modifier that keeps a figure the company's total
    /// (``cueModifiers``), a possessive or capitalised name, punctuation or the sentence start, or another word.
    static func premodifier(_ tokens: [Token], _ start: Int) -> String {
        guard start > 0 else { return "start" }
        let previous = tokens[start - 1]
        if cueModifiers.contains(previous) || word(previous) == "<year>" { return "total" }
        if previous.isPossessive { return "possessive" }
        if !previous.isWord { return "punct" }
        if previous.isCapitalized { return "capitalized" }
        return "word"
    }

    static func unitClass(_ q: Quantity) -> String {
        switch q.kind {
        case .money: "money"
        case .percent: "percent"
        case .percentagePoints: "pp"
        case .count: "count:" + q.unit
        }
    }

    static func bucket(_ n: Int) -> String {
        switch n {
        case ...0: "0"
        case 1: "1"
        case 2: "2"
        case 3: "3"
        case 4...6: "4-6"
        case 7...10: "7-10"
        case 11...20: "11-20"
        default: "21+"
        }
    }

    /// Features for the metric decision.
    func metric(_ candidate: Candidate) -> [UInt64] {
        let s = context.sentences[candidate.sentence]
        let r = s.reading
        let q = r.quantities[candidate.quantity]
        let range = r.quantityTokens[candidate.quantity]
        let tokens = r.tokens
        let kind = FeatureHash.id("k=", q.kind.rawValue)
        var f = FeatureList(kind: kind)
        f.ids.append(FeatureHash.id("bias"))
        f.ids.append(kind)
        f.add(FeatureHash.id("u=", Self.unitClass(q)))
        f.add(FeatureHash.id("qual=", q.qualifier.rawValue))
        if let role = q.role { f.add(FeatureHash.id("role=", role.rawValue)) }
        if q.value < 0 { f.add(FeatureHash.id("neg")) }
        // "+7.2%", "(3.1)%": a written sign is a change.
        if q.start > 0, s.scalars[q.start - 1] == "+" { f.add(FeatureHash.id("plus")) }
        if q.text.hasPrefix("(") { f.add(FeatureHash.id("parenthesised")) }
        let magnitude =
            q.value == 0 || !q.value.isFinite ? -99 : Int(max(-99, min(99, log10(abs(q.value)).rounded(.down))))
        f.add(FeatureHash.id("mag=", String(magnitude)))
        if q.kind == .money { f.add(FeatureHash.id("cur=", q.unit == "USD" ? "USD" : "other")) }

        // Words to the left and right, by distance; quantities as their kind.
        func value(_ k: Int) -> String {
            if r.covered[k] { return "<q>" }
            return Self.word(lower: tokens[k].lower)
        }
        let myClause = range.lowerBound < r.clause.count ? r.clause[range.lowerBound] : 0
        var k = range.lowerBound - 1
        var d = 1
        var leftWords: [String] = []
        leftWords.reserveCapacity(10)
        while k >= 0, d <= 10 {
            let w = value(k)
            if d <= 3 { f.add(FeatureHash.id(Self.leftPrefixes[d], w)) }
            f.ids.append(FeatureHash.id("LW=", w))
            if r.clause[k] == myClause { f.add(FeatureHash.id("LC=", w)) }
            leftWords.append(w)
            k -= 1
            d += 1
        }
        if k < 0 { f.add(FeatureHash.id("Lstart", String(min(d, 11)))) }
        if leftWords.count >= 2 { f.add(FeatureHash.id("LB=", leftWords[1], "_", leftWords[0])) }
        k = range.upperBound
        d = 1
        var rightWords: [String] = []
        rightWords.reserveCapacity(8)
        while k < tokens.count, d <= 8 {
            let w = value(k)
            if d <= 3 { f.add(FeatureHash.id(Self.rightPrefixes[d], w)) }
            f.ids.append(FeatureHash.id("RW=", w))
            rightWords.append(w)
            k += 1
            d += 1
        }
        if rightWords.isEmpty { f.add(FeatureHash.id("Rend")) }
        if rightWords.count >= 2 { f.add(FeatureHash.id("RB=", rightWords[0], "_", rightWords[1])) }
        f.add(FeatureHash.id("LR=", leftWords.first ?? "^", "_", rightWords.first ?? "$"))

        // Cue phrases: the nearest, every one in the clause and in the sentence, the last before and the
        // first after it anywhere in the sentence, and the one heading the line ("Net income 812 764 24%").
        let nearest = r.nearestCue(candidate.quantity)
        let nearestName = nearest?.featureName ?? "none"
        f.add(FeatureHash.id("cue=", nearestName))
        let direction: String =
            switch r.changeDirection(range) {
            case .some(true): "down"
            case .some(false): "up"
            case .none: "none"
            }
        f.add(FeatureHash.id("chg&cue=", direction, "/", nearestName))
        if let before = r.cues.last(where: { $0.range.upperBound <= range.lowerBound && $0.cue != .block }) {
            let gap = Self.bucket(range.lowerBound - before.range.upperBound)
            f.add(FeatureHash.id("prevcue=", before.cue.featureName))
            f.add(FeatureHash.id("prevcue&d=", before.cue.featureName, "/", gap))
            f.add(FeatureHash.id("prevcue&chg=", before.cue.featureName, "/", direction))
            // The word before the cue: "net sales", "its revenue", "Acme's revenue" are the company's total;
            // "cable sales", "service revenue" a segment's.
            f.add(
                FeatureHash.id(
                    "cuepre=", before.cue.featureName, "/", Self.premodifier(tokens, before.range.lowerBound)))
        }
        if let after = r.cues.first(where: { $0.range.lowerBound >= range.upperBound && $0.cue != .block }) {
            f.add(
                FeatureHash.id(
                    "nextcue&d=", after.cue.featureName, "/", Self.bucket(after.range.lowerBound - range.upperBound)))
        }
        if let head = r.cues.first, head.range.lowerBound <= 3 {
            f.add(FeatureHash.id("headcue=", head.cue.featureName))
        }
        for hit in r.cues {
            f.ids.append(FeatureHash.id("scue=", hit.cue.featureName))
            if r.clause[hit.range.lowerBound] == myClause {
                let side = hit.range.upperBound <= range.lowerBound ? "<" : ">"
                f.add(FeatureHash.id("ccue=", side, hit.cue.featureName))
            }
        }
        if let cue = candidate.previousCue { f.ids.append(FeatureHash.id("pcue=", cue.featureName)) }
        if candidate.listContinuation { f.add(FeatureHash.id("listcont")) }

        // The rules' verdict.
        if let rule = candidate.rule {
            f.add(FeatureHash.id("rule=", Self.key(rule)))
            f.add(FeatureHash.id("rulecompany=", rule.company == nil ? "nil" : "some"))
        } else {
            f.add(FeatureHash.id("rule=none"))
        }
        if let cue = candidate.ruleCue { f.add(FeatureHash.id("rulecue=", cue.featureName)) }
        if candidate.conversionOf != nil { f.add(FeatureHash.id("conversion")) }
        if candidate.quantity > 0, r.isConversion(candidate.quantity, of: candidate.quantity - 1) {
            f.add(FeatureHash.id("inparens-after-q"))
        }

        // Shapes the rules know.
        f.add(FeatureHash.id("chg=", direction))
        if let l1 = leftWords.first { f.add(FeatureHash.id("chg&L1=", direction, "/", l1)) }
        if let falling = r.tableChange(candidate.quantity) {
            f.add(FeatureHash.id("tablechg", falling ? "down" : "up"))
        }
        if r.isShareOfRevenue(range) { f.add(FeatureHash.id("shareofrev")) }
        if r.isAbsoluteChange(range) { f.add(FeatureHash.id("abschange")) }
        if r.isSuperseded(range) { f.add(FeatureHash.id("superseded")) }
        if r.isAnalystEstimate(range) { f.add(FeatureHash.id("analyst")) }
        if r.isListLine { f.add(FeatureHash.id("listline")) }
        if q.kind == .count, r.hasHeadcountCue(before: range.lowerBound) { f.add(FeatureHash.id("headcountcue")) }
        f.add(FeatureHash.id("status=", r.status(of: candidate.quantity).rawValue))
        if r.sentencePeriod != nil { f.ids.append(FeatureHash.id("hasperiod")) }

        // Position among the sentence's quantities, and its neighbours.
        let n = r.quantities.count
        f.add(FeatureHash.id("nq=", Self.bucket(n)))
        f.add(FeatureHash.id("qi=", candidate.quantity == 0 ? "first" : candidate.quantity == n - 1 ? "last" : "mid"))
        if candidate.quantity > 0 {
            let p = r.quantities[candidate.quantity - 1]
            let gap = range.lowerBound - r.quantityTokens[candidate.quantity - 1].upperBound
            f.add(FeatureHash.id("pq=", Self.unitClass(p), "/", Self.bucket(gap)))
        } else {
            f.add(FeatureHash.id("pq=none"))
        }
        if candidate.quantity + 1 < n {
            let p = r.quantities[candidate.quantity + 1]
            let gap = r.quantityTokens[candidate.quantity + 1].lowerBound - range.upperBound
            f.add(FeatureHash.id("nxq=", Self.unitClass(p), "/", Self.bucket(gap)))
        }
        // Table-like lines: many quantities, few words.
        let words = tokens.count - range.count * n
        f.add(FeatureHash.id("density=", Self.bucket(tokens.count / max(1, n))))
        if words < 4 * n { f.add(FeatureHash.id("dense")) }
        if let first = tokens.first {
            f.ids.append(FeatureHash.id("S1=", Self.word(first)))
        }
        // The sentence's words beyond the window: "shares", "index", "traded" mark a stock report, "forecast"
        // an outlook, wherever they stand.
        for id in context.sentenceWordIDs[candidate.sentence].sentence { f.add(id) }
        // The sentence before, in the same paragraph: "Outlook" or "shares traded" carries over.
        if candidate.sentence > 0 {
            let previous = context.sentences[candidate.sentence - 1]
            if previous.paragraph == s.paragraph {
                f.ids += context.sentenceWordIDs[candidate.sentence - 1].previous
            }
        }
        if s.mentions.isEmpty { f.add(FeatureHash.id("nomention")) }
        if let row = s.row { rowFeatures(row, candidate: candidate, into: &f) }
        return f.ids
    }

    /// A table cell: its column, the header's words, and its column's header when the header has cells.
    func rowFeatures(_ row: TableHeader.Columns, candidate: Candidate, into f: inout FeatureList) {
        let s = context.sentences[candidate.sentence]
        let r = s.reading
        let q = r.quantities[candidate.quantity]
        let bare = q.text.unicodeScalars.allSatisfy { QuantityParser.isDigit($0) || $0 == "," || $0 == "." }
        f.add(FeatureHash.id("row", bare ? "bare" : "unit"))
        guard let column = TableReader.column(of: candidate.quantity, in: r) else { return }
        f.add(FeatureHash.id("col=", String(min(column.index, 9))))
        f.add(FeatureHash.id("ncols=", String(min(column.count, 9))))
        for id in context.rowHeaderIDs[candidate.sentence] { f.add(id) }
        for word in TableReader.headerCell(row, column: column) ?? [] {
            f.add(FeatureHash.id("colhdr=", Self.shape(word.lowercased())))
        }
    }

    /// The `hdr=` feature ids of a table header's words, each word once, sorted, not in a Set's order: feature
    /// order decides the order of float sums, and training must reproduce.
    static func headerWordIDs(_ row: TableHeader.Columns) -> [UInt64] {
        Array(Set(row.words.map { $0.lowercased() })).sorted().map { FeatureHash.id("hdr=", shape($0)) }
    }

    /// The sentence's words outside its quantities, each once, in reading order (a fixed order keeps the
    /// float sums, and so training, reproducible).
    static func sentenceWords(_ r: SentenceReading) -> [String] {
        // Seen words by their 64-bit hash: hashing a string into a `Set<String>` cost more than the rest.
        var seen = HashSet64(capacity: r.tokens.count)
        var words: [String] = []
        let tokens = r.tokens
        for k in tokens.indices where tokens[k].isWord && !r.covered[k] {
            let w = word(lower: tokens[k].lower)
            if seen.insert(FeatureHash.id(w)) { words.append(w) }
        }
        return words
    }

    /// "In Brazil, widget sales reached …", "In the U.K., Kestrel held 31% …": the region a sentence
    /// opens with, as its lower-case words ("u s", "japan"), when it opens with one; its figures are that
    /// region's part of the market or of the company.
    static func leadingRegion(_ tokens: [Token]) -> [String]? {
        // "However, in Japan, …": a linking adverb may come first.
        let start = tokens.count > 2 && linkingAdverbs.contains(tokens[0]) && tokens[1].text == "," ? 2 : 0
        guard start < tokens.count, ["in", "across", "within", "outside"].contains(tokens[start].lower) else {
            return nil
        }
        var words: [String] = []
        var closed = false
        for token in tokens.dropFirst(start + 1).prefix(6) {
            if token.text == "," {
                closed = true
                break
            }
            if token.text == "." { continue }
            guard token.isWord else { return nil }
            if token.lower != "the" { words.append(token.lower) }
        }
        guard closed, !words.isEmpty, words.count <= 3 else { return nil }
        return isRegion(words) ? words : nil
    }

    /// Adverbs that link a sentence to the one before without saying what it is about.
    static let linkingAdverbs: WordSet = [
        "however", "meanwhile", "similarly", "elsewhere", "separately", "likewise", "also", "overall", "still"
    ]

    /// Whether lower-case words name a region or a place ("u s", "japan", "latin america").
    static func isRegion(_ words: [String]) -> Bool {
        let phrase = words.joined(separator: " ")
        // "U.S." reads as the letters "u" and "s".
        return CompanyNames.regionWords.contains(words.allSatisfy { $0.count == 1 } ? words.joined() : phrase)
            || CompanyNames.namePlaces.contains(phrase) || CompanyNames.places.contains(phrase)
            || CompanyNames.datelineCities.contains(phrase)
    }

    /// The region named by "in" and a region among `tokens[range]` ("the widget market in Canada stood …"), as
    /// lower-case words.
    static func region(_ tokens: [Token], in range: Range<Int>) -> [String]? {
        for k in range where tokens[k].lower == "in" {
            var words: [String] = []
            for token in tokens[(k + 1)..<range.upperBound].prefix(6) where token.text != "." && token.lower != "the" {
                guard token.isWord, words.count < 3 else { break }
                words.append(token.lower)
                if isRegion(words) { return words }
            }
        }
        return nil
    }

    /// A word as a feature, with digits made a shape ("4q14" → "dqdd").
    static func shape(_ word: String) -> String {
        guard word.unicodeScalars.contains(where: QuantityParser.isDigit) else { return word }
        return String(String.UnicodeScalarView(word.unicodeScalars.map { QuantityParser.isDigit($0) ? "d" : $0 }))
    }

    /// The metric key of a fact as the scorer and the classes name it.
    static func key(_ fact: Fact) -> String {
        switch fact.metric {
        case .growth: "growth:" + (fact.growthOf ?? "")
        case .other: "other:" + (fact.metricDetail ?? "")
        default: fact.metric.rawValue
        }
    }
}

extension Cue {
    /// The cue's name in features.
    var featureName: String {
        switch self {
        case .revenue: "revenue"
        case .netIncome: "net_income"
        case .netLoss: "net_loss"
        case .operatingProfit: "operating_profit"
        case .rd: "rd"
        case .marketShare: "market_share"
        case .shipments: "shipments"
        case .headcount: "headcount"
        case .market: "market"
        case .other(let detail): "other:" + detail
        case .block: "block"
        }
    }
}

/// A candidate's metric features as they are collected: each `add`ed id also enters paired with the quantity's
/// kind. A struct written in place, not a closure over an array: a captured array is boxed, and every append
/// paid for a dynamic exclusivity check.
struct FeatureList {
    var ids: [UInt64] = []
    let kind: UInt64

    init(kind: UInt64) {
        self.kind = kind
        ids.reserveCapacity(96)
    }

    @inline(__always)
    mutating func add(_ id: UInt64) {
        ids.append(id)
        ids.append(FeatureHash.pair(id, kind))
    }
}
