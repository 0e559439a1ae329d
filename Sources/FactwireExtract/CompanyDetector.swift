import Foundation

/// Finds the companies an article talks about, with no list of known companies.
///
/// A candidate is a run of capitalised words ("Samsung Electronics", "Royal Bank of Scotland Group Plc",
/// "BSH Bosch und Siemens Hausgeräte GmbH"), trimmed of sentence-start words, finance terms, dates and
/// places. Candidates are dropped when they are people (next to a title: "CFO Meng Wanzhou", "John
/// Chambers, chairman"), the byline's author, or a source ("according to IDC", "the Nikkei business
/// daily"). A capitalised word at the start of a sentence that the article also uses in lower case
/// ("Consolidated net profit…") is an ordinary word. Names are made canonical by dropping legal and
/// descriptive suffixes, and an acronym in parentheses after a name ("Amazon Web Services (AWS)") becomes
/// its alias.
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
    var lowercaseCache: [String: Bool] = [:]
    /// The byline's name, never a company.
    var author: String?
    /// Acronym or variant → canonical name, learned from the article.
    var aliases: [String: String] = [:]

    init(text: String, author: String?) {
        body = Array(text.utf8)
        self.author = author
    }

    /// Whether the article writes `word` (lower case) as a word of its own somewhere.
    mutating func usesLowercase(_ word: String) -> Bool {
        if let known = lowercaseCache[word] { return known }
        let needle = Array(word.utf8)
        var found = false
        body.withUnsafeBufferPointer { haystack in
            guard let first = needle.first, haystack.count >= needle.count else { return }
            let isLetter: (UInt8) -> Bool = { ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 || $0 >= 0x80 }
            var at = 0
            let last = haystack.count - needle.count
            while at <= last {
                if haystack[at] == first, (at == 0 || !isLetter(haystack[at - 1])),
                   at + needle.count == haystack.count || !isLetter(haystack[at + needle.count]),
                   (1..<needle.count).allSatisfy({ haystack[at + $0] == needle[$0] }) {
                    found = true
                    return
                }
                at += 1
            }
        }
        lowercaseCache[word] = found
        return found
    }

    /// - Parameter covered: tokens that belong to quantities ("Rs 4,019 crore") and are never names.
    mutating func mentions(in tokens: [Token], covered: [Bool]? = nil) -> [Mention] {
        var mentions: [Mention] = []
        var i = 0
        let firstWord = tokens.firstIndex { $0.isWord } ?? 0
        while i < tokens.count {
            guard isNameWord(tokens[i]), covered?[i] != true else { i += 1; continue }
            var j = i
            // Extend over capitalised words, "&", and lower-case joiners between capitalised words.
            while j + 1 < tokens.count {
                let next = tokens[j + 1]
                if isNameWord(next) && !tokens[j].isPossessive && covered?[j + 1] != true { j += 1; continue }
                if (next.text == "&" || ["of", "und", "de", "du", "der", "van", "von", "y", "and"].contains(next.text)) && !tokens[j].isPossessive,
                   j + 2 < tokens.count, isNameWord(tokens[j + 2]),
                   next.text != "and" || CompanyNames.suffixes.contains(tokens[j + 2].lower) || tokens[j + 2].lower == "company" {
                    j += 2
                    continue
                }
                break
            }
            defer { i = j + 1 }
            var a = i
            var b = j
            while a <= b, isStop(tokens[a], atSentenceStart: a == firstWord) { a += 1 }
            while b >= a, CompanyNames.tailStops.contains(tokens[b].lower) || tokens[b].text == "&" { b -= 1 }
            guard a <= b else { continue }
            let words = tokens[a...b].map(\.text)
            guard !words.allSatisfy({ CompanyNames.stopWords.contains($0.lowercased()) }) else { continue }
            let name = CompanyNames.canonical(words)
            if name.lowercased() == "r&d" || name.count < 2 { continue }
            if isPerson(tokens, a, b) { continue }
            // "Demand for…", "Competition from…", "Regulators in…": a capitalised common noun starting the
            // sentence, followed by a preposition; names are followed by verbs ("Apple said").
            if a == firstWord, a == b, b + 1 < tokens.count,
               ["for", "from", "in", "of", "at", "on", "with", "to", "by", "across", "among", "over", "under", "after", "during", "and", "or"]
                .contains(tokens[b + 1].lower) {
                continue
            }
            // "the Norwegian vendor", "the Chinese company": a description of a company, not its name.
            if a > 0, ["the", "a", "an"].contains(tokens[a - 1].lower), b + 1 < tokens.count, CueLexicon.anaphors.contains(tokens[b + 1].lower) { continue }
            let resolved = aliases[name] ?? name
            // "Amazon Web Services (AWS)": the acronym is an alias.
            if b + 3 < tokens.count, tokens[b + 1].text == "(", tokens[b + 3].text == ")", isAllCapsAcronym(tokens[b + 2]) {
                aliases[tokens[b + 2].text] = resolved
            }
            mentions.append(Mention(name: resolved, first: a, last: b, isSource: isSource(tokens, a, b), hadSuffix: name != CompanyNames.join(words)))
        }
        return mentions
    }

    func isAllCapsAcronym(_ token: Token) -> Bool {
        token.isWord && token.text.unicodeScalars.count >= 2 && token.text.unicodeScalars.allSatisfy { isUpper($0) }
    }

    /// A word that can be part of a name: capitalised, without digits ("Q3", "FY2016", "CNY35.6" are not).
    func isNameWord(_ token: Token) -> Bool {
        token.isWord && (token.isCapitalized || isAllCapsAcronym(token)) && !token.text.unicodeScalars.contains { QuantityParser.isDigit($0) }
    }

    mutating func isStop(_ token: Token, atSentenceStart: Bool) -> Bool {
        if CompanyNames.stopWords.contains(token.lower) { return true }
        if atSentenceStart && usesLowercase(token.lower) { return true }
        return false
    }

    func isPerson(_ tokens: [Token], _ a: Int, _ b: Int) -> Bool {
        let name = tokens[a...b].map(\.text).joined(separator: " ")
        if let author, author.contains(name) { return true }
        // A title right before ("CFO Meng Wanzhou", "said Eric Xu", "CEO and founder, Ren Zhengfei").
        var k = a - 1
        if k >= 0, tokens[k].text == "," { k -= 1 }
        if k >= 0, CompanyNames.titles.contains(tokens[k].lower), tokens[k].lower != "said" || b > a { return true }
        // A title right after ("John Chambers, chairman and CEO").
        if b + 2 < tokens.count, tokens[b + 1].text == ",", CompanyNames.titles.contains(tokens[b + 2].lower) || tokens[b + 2].lower == "the" && b + 3 < tokens.count && CompanyNames.titles.contains(tokens[b + 3].lower) {
            return true
        }
        return false
    }

    func isSource(_ tokens: [Token], _ a: Int, _ b: Int) -> Bool {
        if a >= 2, tokens[a - 1].lower == "to", tokens[a - 2].lower == "according" { return true }
        if a >= 2, ["from", "by", "at", "of"].contains(tokens[a - 1].lower), CompanyNames.sourceNouns.contains(tokens[a - 2].lower) { return true }
        if b + 1 < tokens.count, CompanyNames.sourceNouns.contains(tokens[b + 1].lower) { return true }
        if b + 2 < tokens.count, CompanyNames.sourceNouns.contains(tokens[b + 2].lower), tokens[b + 1].isWord, !tokens[b + 1].isCapitalized { return true }
        return false
    }
}
