/// The companies a figure could belong to, and what speaks for each: the names of its sentence (with
/// their distance, side, clause, and whether a pronoun or another name stands between), the company in
/// focus, the article's main company, and no company at all (a market-level figure).
struct CompanyOption {
    /// nil: the figure belongs to no company.
    var name: String?
    var features: [UInt64]
    /// Named only in an aside about another name ("Kestrel, a unit of Marlow Group, said …").
    var isAside = false
}

extension CandidateFeatures {
    /// Every option for `candidate`, with its features; `metricKey` is the decided (or gold) metric.
    func companyOptions(_ candidate: Candidate, metricKey: String) -> [CompanyOption] {
        let s = context.sentences[candidate.sentence]
        let r = s.reading
        let position = r.quantityTokens[candidate.quantity].lowerBound
        let metricId = FeatureHash.id("m=", metricKey)
        let coarse = FeatureHash.id("mc=", Self.coarseKey(metricKey))
        let main = context.main
        let anaphor = r.anaphor(before: position)
        let mentions = s.mentions.filter { !$0.isSource }
        var options: [CompanyOption] = []
        // A sentence names a handful of companies: a list beats a set's hashing of long names.
        var seen: [String] = []
        // "Pinecrest, Veltro and Marlow … 14%, 9% and 6% respectively": the n-th name goes with the n-th figure.
        let respectively = r.saysRespectively
        var ordinalNames: [String] = []
        for m in mentions where !ordinalNames.contains(m.name) { ordinalNames.append(m.name) }
        let ordinalCount = ordinalNames.count
        let kind = r.quantities[candidate.quantity].kind
        let sameKind = r.quantities.filter { $0.kind == kind }.count
        let quantityOrdinal = r.quantities[..<candidate.quantity].filter { $0.kind == kind }.count

        func add(_ id: UInt64, _ f: inout [UInt64]) {
            f.append(id)
            f.append(FeatureHash.pair(id, metricId))
            f.append(FeatureHash.pair(id, coarse))
        }

        func common(_ name: String, into f: inout [UInt64], add: (UInt64, inout [UInt64]) -> Void) {
            if name == candidate.focus { add(FeatureHash.id("focus"), &f) }
            if name == main { add(FeatureHash.id("main"), &f) }
            // "Kestrel Networks" in an article about Kestrel: a division or subsidiary under the main name.
            if let main, name.utf8.count > main.utf8.count + 1, name.hasPrefix(main + " ") {
                add(FeatureHash.id("extendsmain"), &f)
            }
            if name == candidate.rule?.company { add(FeatureHash.id("rulepick"), &f) }
            let strong = context.salience.isStrong(name)
            add(FeatureHash.id("strong=", strong ? "y" : "n"), &f)
            add(FeatureHash.id("count=", Self.bucket(context.salience.mentions[name] ?? 0)), &f)
            if context.inTitle.contains(name) { add(FeatureHash.id("intitle"), &f) }
            if name == context.headerName { add(FeatureHash.id("inheader"), &f) }
            if name.unicodeScalars.allSatisfy({ isUpper($0) || $0 == " " || $0 == "&" }) {
                add(FeatureHash.id("allcaps"), &f)
            }
            if !name.hasByte(32) { add(FeatureHash.id("oneword"), &f) }
            if context.knownSources.contains(name) { add(FeatureHash.id("knownsource"), &f) }
            let ordinal = ordinalNames.firstIndex(of: name)
            if respectively, let ordinal {
                add(FeatureHash.id("resp=", ordinal == quantityOrdinal ? "match" : "other"), &f)
            }
            if let ordinal, ordinalCount == sameKind, sameKind > 1 {
                add(FeatureHash.id("listalign=", ordinal == quantityOrdinal ? "match" : "other"), &f)
            }
        }
        // Names of the sentence, nearest to the quantity first on each side.
        let ordered = mentions.sorted { a, b in
            let da = a.last < position ? position - a.last : a.first - position + 100
            let db = b.last < position ? position - b.last : b.first - position + 100
            return da < db
        }
        for (rank, m) in ordered.enumerated() where !seen.contains(m.name) {
            seen.append(m.name)
            var f: [UInt64] = []
            f.reserveCapacity(96)
            add(FeatureHash.id("type=mention"), &f)
            let before = m.last < position
            let distance = before ? position - m.last : m.first - position
            let side = before ? "before" : "after"
            add(FeatureHash.id("side=", side), &f)
            add(FeatureHash.id("dist=", side, Self.bucket(distance)), &f)
            add(FeatureHash.id("rank=", Self.bucket(rank)), &f)
            if m.first < r.clause.count, position < r.clause.count, r.clause[m.first] == r.clause[position] {
                add(FeatureHash.id("sameclause"), &f)
            }
            if before, let anaphor, anaphor > m.last { add(FeatureHash.id("anaphorbetween"), &f) }
            let between = mentions.filter { other in
                other.name != m.name
                    && (before
                        ? (other.first > m.last && other.last < position)
                        : (other.first > position && other.last < m.first))
            }.count
            add(FeatureHash.id("between=", Self.bucket(between)), &f)
            let quantitiesBetween = r.quantityTokens.filter {
                before
                    ? ($0.lowerBound > m.last && $0.upperBound <= position)
                    : ($0.lowerBound > position && $0.upperBound <= m.first)
            }.count
            add(FeatureHash.id("qbetween=", Self.bucket(quantitiesBetween)), &f)
            // "Kestrel climbed to 31% of the market, Marlow slipped …": a comma between a figure and a name
            // after it usually starts the next name's own clause.
            let end = r.quantityTokens[candidate.quantity].upperBound
            let gap = before ? (m.last + 1)..<max(m.last + 1, position) : end..<max(end, m.first)
            let comma = gap.contains { r.tokens[$0].text == "," }
            add(FeatureHash.id("comma=", side, comma ? "y" : "n"), &f)
            if r.tokens[m.last].isPossessive { add(FeatureHash.id("possessive"), &f) }
            if m.hadSuffix { add(FeatureHash.id("suffix"), &f) }
            if r.isSpeaker(m) { add(FeatureHash.id("speaker"), &f) }
            let isAside = Self.isAside(m, among: mentions, in: r)
            if isAside { add(FeatureHash.id("appositive"), &f) }
            let isRelative = Self.isNamedAsRelative(m, tokens: r.tokens)
            let firstWord = r.tokens.firstIndex { $0.isWord } ?? 0
            if m.first <= firstWord + 1 { add(FeatureHash.id("sentencestart"), &f) }
            if m.first > 0 { add(FeatureHash.id("mL1=", Self.word(lower: r.tokens[m.first - 1].lower)), &f) }
            if m.last + 1 < r.tokens.count {
                add(FeatureHash.id("mR1=", Self.word(lower: r.tokens[m.last + 1].lower)), &f)
            }
            common(m.name, into: &f, add: add)
            options.append(CompanyOption(name: m.name, features: f, isAside: isAside || isRelative))
        }
        let titled = context.titled
        for (label, name) in [
            ("type=focus", candidate.focus), ("type=main", main), ("type=title", titled),
            ("type=header", context.headerName)
        ] {
            guard let name, !seen.contains(name) else { continue }
            seen.append(name)
            var f: [UInt64] = []
            f.reserveCapacity(64)
            add(FeatureHash.id(label), &f)
            // "The company expects …" after sentences about Kestrel: a pronoun points at the name in focus more
            // often than at the article's main one, so each kind of name learns its own weight for it.
            if anaphor != nil {
                add(FeatureHash.id("anaphorinsentence"), &f)
                add(FeatureHash.id(label, "&anaphor"), &f)
            }
            add(FeatureHash.id("sentencementions=", Self.bucket(mentions.count)), &f)
            common(name, into: &f, add: add)
            options.append(CompanyOption(name: name, features: f))
        }
        var f: [UInt64] = []
        f.reserveCapacity(16 + 3 * r.marketWords.count + context.sentenceWordIDs[candidate.sentence].market.count)
        add(FeatureHash.id("type=nil"), &f)
        add(FeatureHash.id("sentencementions=", Self.bucket(mentions.count)), &f)
        if candidate.rule != nil && candidate.rule?.company == nil { add(FeatureHash.id("rulepick"), &f) }
        for word in r.marketWords { add(FeatureHash.id("marketword=", word), &f) }
        // Every word of the sentence speaks for or against a market-level figure ("industry", "total", "all").
        f += context.sentenceWordIDs[candidate.sentence].market
        if s.mentions.contains(where: \.isSource) { add(FeatureHash.id("sourcementioned"), &f) }
        options.append(CompanyOption(name: nil, features: f))
        return options
    }

    /// The metric family of a key: "growth" of "growth:revenue", the key itself when it has no colon (the first
    /// non-empty part between colons, as `split(separator: ":")` gives it; keys are ASCII).
    static func coarseKey(_ key: String) -> String {
        var copy = key
        return copy.withUTF8 { bytes in
            var start = 0
            while start < bytes.count, bytes[start] == UInt8(ascii: ":") { start += 1 }
            guard start < bytes.count else { return key }
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: ":") { end += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }

    /// Whether the mention only stands in an aside about a subject named (or pointed at) before it: "Kestrel, a
    /// unit of Marlow Group, posted …" is Kestrel's figure, not Marlow's.
    static func isAside(_ m: CompanyDetector.Mention, among mentions: [CompanyDetector.Mention], in r: SentenceReading)
        -> Bool
    {
        isInAppositive(m, tokens: r.tokens)
            && (mentions.contains { $0.last < m.first } || r.anaphor(before: m.first) != nil)
    }

    /// Nouns that name a company by its relation to another: "the sister company of Kestrel", "a unit of Marlow".
    static let relationNouns: WordSet = [
        "sibling", "sister", "unit", "subsidiary", "affiliate", "parent", "rival", "competitor", "supplier",
        "customer", "partner", "division", "arm", "spin-off", "peer"
    ]

    /// "The sister airline of Norway's largest carrier Kestrel Air flew …": the name after "<relation> of" only says
    /// who the subject is related to; the figures are the subject's.
    static func isNamedAsRelative(_ m: CompanyDetector.Mention, tokens: [Token]) -> Bool {
        let from = max(1, m.first - 5)
        for k in stride(from: m.first - 1, through: from, by: -1) where tokens[k].lower == "of" {
            return relationNouns.contains(tokens[k - 1])
        }
        return false
    }

    /// Words that open an aside about the name before it: "Marlow, a unit of Kestrel Group, said …", "the
    /// company, which also owns Veltro and Larkspur, said …", "including subsidiaries Pinecrest and Alder".
    static let asideOpeners: WordSet = ["which", "who", "whose", "a", "an", "the", "including", "formerly", "part"]

    /// Whether the mention stands in an aside set off by a comma after an earlier word of the sentence: the
    /// sentence's subject comes before it, and figures after the aside are the subject's. A name listed in
    /// the aside is in it too ("the group, which owns Veltro, Alder and Larkspur, said …"): commas that open
    /// another capitalised name of the list are passed over.
    static func isInAppositive(_ m: CompanyDetector.Mention, tokens: [Token]) -> Bool {
        // The period of "Co." or "Inc." inside the aside ends no sentence.
        func ends(_ k: Int) -> Bool {
            tokens[k].text == "," || tokens[k].text == "("
                || tokens[k].text == "." && !CompanyNames.legalForms.contains(tokens[k - 1])
        }
        var k = m.first - 1
        while k > 0 {
            while k > 0, !ends(k) { k -= 1 }
            guard k > 0, tokens[k].text == ",", k + 1 < tokens.count else { return false }
            if k + 1 < m.first, asideOpeners.contains(tokens[k + 1]) { return true }
            // A list comma: "…, Alder and Larkspur" — keep looking for the comma that opened the aside.
            guard tokens[k + 1].isCapitalized else { return false }
            k -= 1
        }
        return false
    }
}
