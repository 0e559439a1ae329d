import Foundation

/// Finds the companies an article talks about, with no list of known companies.
///
/// A candidate is a run of capitalised words ("Samsung Electronics", "Royal Bank of Scotland Group Plc",
/// "BSH Bosch und Siemens Hausgeräte GmbH"), trimmed of sentence-start words, finance terms, dates and
/// places. Candidates are dropped when they are people (next to a title: "CFO Meng Wanzhou", "John
/// Chambers, chairman"), the byline's author, or a source ("according to IDC", "the Nikkei business
/// daily"). A capitalised word at the start of a sentence that the article also uses in lower case
/// ("Consolidated net profit…") is an ordinary word. Names are made canonical by dropping legal suffixes
/// ("Marlow SA" → "Marlow"; "Kestrel Motors" keeps its descriptive ending), and an acronym in parentheses
/// after a name ("Amazon Web Services (AWS)") becomes its alias.
struct CompanyDetector: Sendable {
    /// A name in a sentence.
    struct Mention: Sendable, Equatable {
        var name: String
        /// Token range in the sentence.
        var first: Int
        var last: Int
        /// Named as the source of the figures, not their subject.
        var isSource: Bool
        /// Written with a legal or descriptive suffix ("Siemens AG", "Huawei Technologies").
        var hadSuffix = false
    }

    /// The article's text as UTF-8, searched for a capitalised sentence start written in lower case.
    var body: [UInt8]
    var lowercaseWords: HashSet64?
    /// Words of people's names seen so far.
    var personWords: Set<String> = []
    /// Abbreviations of capitalised terms that are no names ("IoT" after "Internet of Things").
    var terms: Set<String> = []
    /// Names seen so far, by their first word (a short form is looked up in one step, not a scan).
    var knownByFirstWord: [String: [String]] = [:]
    var known: Set<String> = []
    /// The byline's name, never a company.
    var author: String?
    /// Acronym or variant → canonical name, learned from the article.
    var aliases: [String: String] = [:]

    /// Capitalised words the article uses inside sentences (not as their first word).
    var midCapitalized: Set<String> = []

    init(text: String, author: String?, midCapitalized: Set<String> = []) {
        body = Array(text.utf8)
        self.author = author
        self.midCapitalized = midCapitalized
    }

    /// Whether the article writes `word` (lower case) as a word of its own somewhere.
    mutating func usesLowercase(_ word: String) -> Bool {
        if lowercaseWords == nil { lowercaseWords = Self.lowercaseWords(in: body) }
        return lowercaseWords!.contains(Self.hash(word.utf8))
    }

    static func hash<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 { FeatureHash.id(bytes: bytes) }

    /// Hashes of every word the text writes in lower case, found in one pass without a string per word (a
    /// search per word would make long documents quadratic).
    static func lowercaseWords(in body: [UInt8]) -> HashSet64 {
        var words = HashSet64(capacity: body.count / 8)
        body.withUnsafeBufferPointer { body in
            let isLetter: (UInt8) -> Bool = { ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 || $0 >= 0x80 }
            var start = -1
            var index = 0
            while index <= body.count {
                defer { index += 1 }
                // A web address's words ("…/kestrel-posts-record-profit") are no prose: skip to its end.
                if index + 2 < body.count, body[index] == UInt8(ascii: ":"), body[index + 1] == UInt8(ascii: "/"),
                    body[index + 2] == UInt8(ascii: "/")
                {
                    while index < body.count, body[index] > 32 { index += 1 }
                    start = -1
                    continue
                }
                let letter = index < body.count && isLetter(body[index])
                if letter {
                    if start < 0 { start = index }
                    continue
                }
                if start >= 0 {
                    let first = body[start]
                    if first >= 97 && first <= 122 || first >= 0x80 { words.insert(hash(body[start..<index])) }
                    start = -1
                }
            }
        }
        return words
    }

    /// - Parameter covered: tokens that belong to quantities ("Rs 4,019 crore") and are never names.
    mutating func mentions(in tokens: [Token], covered: [Bool]? = nil) -> [Mention] {
        var mentions: [Mention] = []
        var i = 0
        let firstWord = tokens.firstIndex { $0.isWord } ?? 0
        func startsClause(_ k: Int) -> Bool { Self.startsClause(tokens, k, firstWord: firstWord) }
        while i < tokens.count {
            guard isNameWord(tokens[i]), covered?[i] != true else {
                i += 1
                continue
            }
            var j = i
            // Extend over capitalised words, "&", and lower-case joiners between capitalised words.
            while j + 1 < tokens.count {
                // The next token read in place (a copy of it costs two string retains).
                let nextText = tokens[j + 1].text
                if isNameWord(tokens[j + 1]) && !tokens[j].isPossessive && covered?[j + 1] != true {
                    j += 1
                    continue
                }
                // "Marlow Group plc": a legal form written in lower case still ends the name.
                if Self.lowercaseLegalForms.contains(nextText) && !tokens[j].isPossessive {
                    j += 1
                    break
                }
                // "Chief Executive Officer of Halvard AG": after a title, "of" names the employer, no part of a name.
                if (nextText == "&" || ["of", "und", "de", "du", "der", "van", "von", "y", "and"].contains(nextText))
                    && !tokens[j].isPossessive && !(nextText == "of" && CompanyNames.titles.contains(tokens[j])),
                    j + 2 < tokens.count, isNameWord(tokens[j + 2]),
                    nextText != "and" || CompanyNames.suffixes.contains(tokens[j + 2])
                        || CompanyNames.descriptiveSuffixes.contains(tokens[j + 2])
                        || tokens[j + 2].lower == "company"
                {
                    j += 2
                    continue
                }
                break
            }
            defer { i = j + 1 }
            var a = i
            var b = j
            let legal = CompanyNames.legalForms.contains(
                Token.lowercase(tokens[j].text.hasSuffix(".") ? String(tokens[j].text.dropLast()) : tokens[j].text))
            if legal && j > i {
                while a < b, CompanyNames.leadingFunctionWords.contains(tokens[a]) { a += 1 }
            } else {
                while a <= b, isStop(tokens[a], atSentenceStart: startsClause(a)) {
                    // "Korea Widget Manufacturing", "Norway Ferry Lines": a place before a word that is no stop word begins
                    // the name.
                    if a < b, !tokens[a].isPossessive, CompanyNames.namePlaces.contains(tokens[a]),
                        !isStop(tokens[a + 1], atSentenceStart: false)
                    {
                        break
                    }
                    a += 1
                }
            }
            // "Field Services: revenue was …", "Marine Coatings: …": a heading that opens the sentence, whose first word
            // is a common one, is a business line's label; its remaining words are no name.
            if a > i, a <= b, startsClause(i), j + 1 < tokens.count, tokens[j + 1].text == ":" { continue }
            // "Chipmaker Veltro", "Shoemaker Alder Footwear Co": a description of the trade before the name.
            while a < b, CompanyNames.isTradeDescription(tokens[a].lower) { a += 1 }
            // "OSLO Kestrel Shipping ASA reported …": a wire story's dateline, a city in capitals before the name,
            // is no part of it (the name's own words are not all capitals).
            if a < b, startsClause(a), isAllCapsAcronym(tokens[a]), !isAllCapsAcronym(tokens[a + 1]),
                CompanyNames.datelineCities.contains(tokens[a])
            {
                a += 1
            }
            // "Bremen-based Quillon", "Hong Kong-listed Tessaro": the place is no part of the name, and "the Hong
            // Kong-listed company" names none.
            let isLocation = { (k: Int) in
                ["-based", "-headquartered", "-listed"].contains(where: { tokens[k].lower.hasSuffix($0) })
            }
            if a <= b, let located = (a...b).last(where: isLocation) {
                guard located < b else { continue }
                a = located + 1
            }
            // A title or a verb inside a run ends the name: "Marlow CEO Ada Brandt", "Kestrel Foods Says Full Year
            // Profit Rose" (a headline in Title Case). Reading resumes after the break word.
            if a < b, let cut = (a + 1...b).first(where: { CompanyNames.runBreaks.contains(tokens[$0]) }) {
                b = cut - 1
                j = cut
            }
            while b >= a, CompanyNames.tailStops.contains(tokens[b]) || tokens[b].text == "&" { b -= 1 }
            guard a <= b else { continue }
            // A lone capitalised word that starts a sentence and is never capitalised inside one ("Pricing was
            // steady.", "Turnover of …") is an ordinary word, unless it begins a name seen before ("Quillon
            // employs…" after "Quillon Robotics AG"); a table row's label ("Veltro 344 332") stays.
            // Names take possessives ("Quillon's revenue") and are followed by their verbs ("Quillon cut"); the common
            // words are followed by "of", "was", "for"… or look like common words ("Pricing", "Turnover").
            // "Kestrel and Marlow took…": a name paired with another is a name.
            let pairedWithName =
                b + 2 < tokens.count && ["and", "or"].contains(tokens[b + 1].lower) && isNameWord(tokens[b + 2])
            if startsClause(a), a == b, !isAllCapsAcronym(tokens[a]), !tokens[a].isPossessive,
                !midCapitalized.contains(tokens[a].text),
                aliases[tokens[a].text] == nil,
                // A name seen before ("Pinecrest's workforce…", then "Pinecrest as a whole…") stays a name.
                !known.contains(tokens[a].text),
                knownByFirstWord[tokens[a].text]?.contains(where: { $0.hasByte(32) }) != true,
                b + 1 < tokens.count, covered?[b + 1] != true,
                !pairedWithName,
                tokens[b + 1].isWord
                    && (CompanyNames.commonWordFollowers.contains(tokens[b + 1])
                        // "Veltro is in seventh place": names take "is" as often as nouns do; a noun shows itself
                        // written in lower case elsewhere or by its ending ("Demand is", "Pricing was").
                        && (!CompanyNames.copulas.contains(tokens[b + 1])
                            && !CompanyNames.ambiguousFollowers.contains(tokens[b + 1])
                            || usesLowercase(tokens[a].lower))
                        || CompanyNames.looksCommon(tokens[a].lower))
                    // "Sequentially, revenue grew": an adverb set off by a comma; "Tooling: revenue was …": a
                    // business line's heading.
                    || [",", ":"].contains(tokens[b + 1].text) && CompanyNames.looksCommon(tokens[a].lower)
                    || tokens[b + 1].text == ":" && usesLowercase(tokens[a].lower)
            {
                continue
            }
            // "Internet of Things (IoT)": the abbreviation spells the whole run, common words and all, so the run is a
            // term, and what is left of it without its common words ("Things") is no name.
            if a > i, (i..<a).contains(where: { Self.abbreviates(tokens, $0...b) }), !Self.abbreviates(tokens, a...b) {
                terms.insert(tokens[b + 2].text)
                continue
            }
            if a == b, terms.contains(tokens[a].text) { continue }
            // "Windows Mobile", "Web Services": what a platform's word leaves of a product's name is no company.
            if a > i, a == b, (i..<a).contains(where: { CompanyNames.platformWords.contains(tokens[$0]) }) { continue }
            let words = tokens[a...b].map(\.text)
            guard !words.allSatisfy({ CompanyNames.stopWords.contains($0.lowercased()) }) else { continue }
            // "Co plans to open 40 stores": a legal form alone is a wire brief's short word for the company, no name.
            guard !words.allSatisfy({ CompanyNames.legalForms.contains(Token.lowercase($0)) }) else { continue }
            // "(UPDATE) Kestrel lifts its dividend", "(LEAD)": a news wire's tag on a story's version, in capitals
            // and parentheses, is no name.
            if a == b, a > 0, tokens[a - 1].text == "(", b + 1 < tokens.count, tokens[b + 1].text == ")",
                isAllCapsAcronym(tokens[a]), CompanyNames.wireTags.contains(tokens[a])
            {
                continue
            }
            let name = CompanyNames.canonical(words)
            if name.lowercased() == "r&d" || name.count < 2 || CompanyNames.places.contains(name.lowercased())
                || a == b && CompanyNames.regionWords.contains(tokens[a])
            {
                continue
            }
            if isPerson(tokens, a, b) {
                for k in a...b { personWords.insert(tokens[k].text) }
                continue
            }
            // "Brandt", "Okafor": a part of a person's name seen earlier; "Turnover", "Revenue": a metric's name.
            if a == b, personWords.contains(tokens[a].text) { continue }
            // "Act. Comp. Revenue 5,201": a lone word with a period inside a sentence, or alone as one, is an
            // abbreviation.
            if a == b, b + 2 < tokens.count || a == firstWord, b + 1 < tokens.count, tokens[b + 1].text == ".",
                !isAllCapsAcronym(tokens[a]),
                !known.contains(name), aliases[name] == nil
            {
                continue
            }
            if a == b, let phrases = CueLexicon.phrases[tokens[a].lower], phrases.contains(where: { $0.0.count == 1 }) {
                continue
            }
            // "Free cash flow was…", "Gross profit rose…": the first word of a metric's name, not a company's.
            if a == b, let phrases = CueLexicon.phrases[tokens[a].lower],
                phrases.contains(where: { words, _ in
                    words.count > 1 && a + words.count <= tokens.count
                        && zip(words, tokens[a..<(a + words.count)]).allSatisfy { $0 == $1.lower }
                })
            {
                continue
            }
            // "Demand for…", "Competition from…", "Regulators in…": a capitalised common noun starting the
            // sentence, followed by a preposition; names are followed by verbs ("Apple said").
            if a == firstWord, a == b, b + 1 < tokens.count, !pairedWithName,
                [
                    "for", "from", "in", "of", "at", "on", "with", "to", "by", "across", "among", "over", "under",
                    "after", "during", "and", "or"
                ]
                .contains(tokens[b + 1].lower)
            {
                continue
            }
            // "the Norwegian vendor", "the Chinese company": a description of a company, not its name.
            if a > 0, ["the", "a", "an"].contains(tokens[a - 1].lower), b + 1 < tokens.count,
                CueLexicon.anaphors.contains(tokens[b + 1])
            {
                continue
            }
            var resolved = aliases[name] ?? name
            // "Quillon Robotics AG" … "Quillon": a short form of one name the article already gave is its alias.
            if aliases[name] == nil, !known.contains(name) {
                func longer(_ short: String) -> String? {
                    let first = String(short.prefix { $0 != " " })
                    let matching = (knownByFirstWord[first] ?? []).filter {
                        $0.count > short.count && $0.hasPrefix(short + " ")
                    }
                    return matching.count == 1 ? matching[0] : nil
                }
                if let target = longer(name) {
                    aliases[name] = target
                    resolved = target
                } else if name.hasSuffix("s"), name.count > 2 {
                    // "… and Kestrels was 14%": a possessive, written without its apostrophe, of a name already given.
                    let base = String(name.dropLast())
                    if let target = aliases[base] ?? (known.contains(base) ? base : longer(base)) { resolved = target }
                }
            }
            // "FCVs", "GPUs": the plural of an abbreviation is a kind of product, unless it is a name already given,
            // written with an "s" for its possessive ("BYDs was 14%").
            if resolved == name, aliases[name] == nil, !known.contains(name), Self.isPluralAbbreviation(name) {
                continue
            }
            if known.insert(resolved).inserted {
                knownByFirstWord[String(resolved.prefix { $0 != " " }), default: []].append(resolved)
            }
            // "Amazon Web Services (AWS)", "Marlow SA (MRL.L, MRL)", "Talbot (NYSE: TLB)": acronyms and tickers
            // in parentheses right after a name are its aliases.
            // "Talbot Inc. (NYSE: TLB)": the legal form's period stands between.
            let open = b + 2 < tokens.count && tokens[b + 1].text == "." && tokens[b + 2].text == "(" ? b + 2 : b + 1
            if open + 1 < tokens.count, tokens[open].text == "(" {
                var k = open + 1
                while k < tokens.count, k <= open + 8, tokens[k].text != ")" {
                    if isAllCapsAcronym(tokens[k]) || tokens[k].text.hasByte(UInt8(ascii: ".")),
                        !CompanyNames.exchanges.contains(tokens[k]), !CompanyNames.isPlace(tokens[k]),
                        aliases[tokens[k].text] == nil, tokens[k].text != resolved
                    {
                        aliases[tokens[k].text] = resolved
                    }
                    k += 1
                }
            }
            if a == firstWord, a == b, isDatelinePlace(tokens, a) { continue }
            mentions.append(
                Mention(
                    name: resolved, first: a, last: b, isSource: isSource(tokens, a, b),
                    hadSuffix: name != CompanyNames.join(words)
                        || words.count > 1
                            && CompanyNames.descriptiveSuffixes.contains(Token.lowercase(words[words.count - 1]))
                ))
        }
        return mentions
    }

    /// Whether the run `range` is followed by a parenthesised abbreviation of its words' initials ("Internet of Things
    /// (IoT)", "Amazon Web Services (AWS)", "New Energy Vehicles (NEVs)"), in any case.
    static func abbreviates(_ tokens: [Token], _ range: ClosedRange<Int>) -> Bool {
        let open = range.upperBound + 1
        guard open + 2 < tokens.count, tokens[open].text == "(", tokens[open + 2].text == ")" else { return false }
        let initials = tokens[range].compactMap { $0.isWord ? $0.lower.unicodeScalars.first : nil }
        guard initials.count >= 2 else { return false }
        let spelled = String(String.UnicodeScalarView(initials))
        let abbreviation = tokens[open + 1].lower
        return abbreviation == spelled || abbreviation == spelled + "s"
    }

    /// Two or more capitals and a plural "s": "FCVs", "GPUs".
    static func isPluralAbbreviation(_ name: String) -> Bool {
        let bytes = name.utf8
        guard bytes.count >= 3, bytes.last == UInt8(ascii: "s") else { return false }
        return bytes.dropLast().allSatisfy { $0 >= 65 && $0 <= 90 }
    }

    /// Whether the one word at `k`, opening the text, is a dateline's place: in capitals before a wire's name or a
    /// comma ("OSLO (Agency) -", "LAGOS, Feb. 3 (Wire) --"), or in any case before a comma and the date ("Clichy, 9
    /// February 2025", "Halden, May 4").
    func isDatelinePlace(_ tokens: [Token], _ k: Int) -> Bool {
        guard k + 1 < tokens.count else { return false }
        let next = tokens[k + 1].text
        if next == ",", k + 3 < tokens.count,
            Self.isMonth(tokens[k + 2])
                || tokens[k + 2].text.utf8.first.map({ $0 >= 48 && $0 <= 57 }) == true && Self.isMonth(tokens[k + 3])
        {
            return true
        }
        guard isAllCapsAcronym(tokens[k]), tokens[k].text.unicodeScalars.count >= 4 else { return false }
        return next == "("
            || next == "," && k + 2 < tokens.count
                && (CompanyNames.stopWords.contains(tokens[k + 2].lower.trimmingCharacters(in: .punctuationCharacters))
                    || tokens[k + 2].text.first?.isNumber == true)
    }

    /// A month's name written with its capital ("May", "Feb"): "may" is a verb.
    static func isMonth(_ token: Token) -> Bool { token.isCapitalized && PeriodResolver.month(token.lower) != nil }

    /// Whether token `k` starts its sentence or a clause (after one of `clauseOpeners`), where a capital letter says
    /// nothing about a name ("…up 11 percent; Hardware revenue fell 3 percent").
    static func startsClause(_ tokens: [Token], _ k: Int, firstWord: Int) -> Bool {
        k == firstWord || k > 0 && clauseOpeners.contains(tokens[k - 1].text)
    }

    /// Punctuation after which a clause starts over: a semicolon, a colon, and the dashes of a dateline
    /// ("OSLO -- Listed firms expect …").
    static let clauseOpeners: Set<String> = [";", ":", "--", "\u{2014}", "\u{2013}"]

    /// A word of two or more scalars, all upper case ("OSLO", "TSMC"). One pass: it stops at the first lower-case
    /// scalar, where counting the scalars first would read the whole word.
    func isAllCapsAcronym(_ token: Token) -> Bool {
        guard token.isWord else { return false }
        var count = 0
        for scalar in token.text.unicodeScalars {
            guard isUpper(scalar) else { return false }
            count += 1
        }
        return count >= 2
    }

    /// Legal forms companies write in lower case after their name.
    static let lowercaseLegalForms: WordSet = ["plc", "ltd", "llc", "inc", "gmbh"]

    /// A word that can be part of a name: capitalised, without digits ("Q3", "FY2016", "CNY35.6" are not).
    func isNameWord(_ token: Token) -> Bool {
        token.isWord && (token.isCapitalized || isAllCapsAcronym(token))
            && !token.text.unicodeScalars.contains { QuantityParser.isDigit($0) }
    }

    mutating func isStop(_ token: Token, atSentenceStart: Bool) -> Bool {
        if CompanyNames.stopWords.contains(token) || CompanyNames.isMonthSpan(token.lower) { return true }
        if atSentenceStart && usesLowercase(token.lower) { return true }
        return false
    }

    func isPerson(_ tokens: [Token], _ a: Int, _ b: Int) -> Bool {
        // "said Tallis Corp", "told Veltro Systems": a name with a company's ending is nobody's, whatever stands
        // before it.
        if b > a, Self.endsAsCompany(tokens[b]) { return false }
        let name = tokens[a...b].map(\.text).joined(separator: " ")
        if let author, author.utf8Contains(name) { return true }
        // A title right before ("CFO Meng Wanzhou", "said Eric Xu", "CEO and founder, Ren Zhengfei").
        var k = a - 1
        if k >= 0, tokens[k].text == "," { k -= 1 }
        if k >= 0, CompanyNames.titles.contains(tokens[k]), tokens[k].lower != "said" || b > a { return true }
        // A title right after ("John Chambers, chairman and CEO", "Mara Lind, the research VP at Ardent"), after
        // at most two lower-case words; not a verb ("CEO of Kestrel, said …"), and not past a relative word
        // ("Kestrel, whose chief executive …").
        guard b + 2 < tokens.count, tokens[b + 1].text == "," else { return false }
        var t = b + 2
        while t < min(tokens.count, b + 5) {
            let word = tokens[t].lower
            if CompanyNames.titles.contains(word) { return !CompanyNames.speechVerbs.contains(word) }
            guard tokens[t].isWord, !tokens[t].isCapitalized, !Self.relativeWords.contains(word) else { return false }
            t += 1
        }
        return false
    }

    /// Words that begin a clause about the name before them, not an apposition naming its role.
    static let relativeWords: WordSet = [
        "whose", "which", "who", "whom", "where", "and", "or", "its", "their", "as"
    ]

    /// Source nouns that make the name before them a source: "an Ardent Research report", "Ardent Research
    /// data"; not "reports", which after a name is its verb ("Kestrel reports higher sales").
    static let sourceNounsAfterName = CompanyNames.sourceNouns.subtracting(["reports"])

    func isSource(_ tokens: [Token], _ a: Int, _ b: Int) -> Bool {
        if a >= 2, tokens[a - 1].lower == "to", tokens[a - 2].lower == "according" { return true }
        // A name that ends in a source noun is a publication or a research house ("Quarterly Server Tracker",
        // "Ardent Research", "Harbour Daily"), not a company reporting its own figures.
        if b > a, CompanyNames.sourceNouns.contains(tokens[b]) { return true }
        if a >= 2, ["from", "by", "at", "of"].contains(tokens[a - 1].lower),
            CompanyNames.sourceNouns.contains(tokens[a - 2])
        {
            return true
        }
        if b + 1 < tokens.count, Self.sourceNounsAfterName.contains(tokens[b + 1]), !Self.isCompound(tokens, b + 1) {
            return true
        }
        // "Ardent quarterly data", "Veridata market research": a word between name and source noun; not a verb
        // ("Tallis beat analysts' estimates", "Tallis told analysts", "Tallis Corp to report revenue").
        if b + 2 < tokens.count, CompanyNames.sourceNouns.contains(tokens[b + 2]), tokens[b + 1].isWord,
            !tokens[b + 1].isCapitalized, !CompanyNames.verbsAfterName.contains(tokens[b + 1]),
            !Self.isCompound(tokens, b + 2)
        {
            return true
        }
        return false
    }

    /// Whether the source noun at `k` only modifies the noun after it, naming something the company runs or spends
    /// on: "Kestrel's data center revenue", "research and development spending", "its news business".
    static func isCompound(_ tokens: [Token], _ k: Int) -> Bool {
        guard k + 1 < tokens.count else { return false }
        if CompanyNames.compoundHeads.contains(tokens[k + 1]) { return true }
        return k + 2 < tokens.count && ["and", "&"].contains(tokens[k + 1].lower)
            && tokens[k + 2].lower == "development"
    }

    /// Whether the run's last word is a legal form or a business's ending ("Corp", "Group", "Systems"). (A token never
    /// ends in a period: the tokenizer keeps "Corp." as "Corp" and ".".)
    static func endsAsCompany(_ token: Token) -> Bool {
        CompanyNames.suffixes.contains(token) || CompanyNames.descriptiveSuffixes.contains(token)
    }
}
