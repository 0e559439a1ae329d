/// Splits prose into sentences, with their offsets (Unicode scalars).
///
/// A sentence ends at `.`, `!` or `?` (plus any closing quotes or brackets) followed by white space and
/// then an upper-case letter, a digit, or an opening quote — unless the word before the period is a
/// known abbreviation (U.S., Inc., Corp., No., Jan., e.g., Mr.), a single initial, or the period sits
/// inside a number (3.5). Line breaks that separate paragraphs always end a sentence.
public struct SentenceSplitter: Sendable {
    /// A sentence and where it is.
    public struct Sentence: Sendable, Equatable {
        /// The sentence, trimmed.
        public var text: String
        /// Start offset in the input (Unicode scalars).
        public var start: Int
        /// End offset (exclusive).
        public var end: Int
    }

    static let abbreviations: Set<String> = Set([
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "gov", "sen", "rep", "col", "lt", "sgt", "capt",
        "inc", "corp", "co", "ltd", "plc", "llc", "bros", "no", "nos", "vs", "etc", "approx", "est", "dept", "univ",
        "fig",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "u.s", "u.k", "u.n", "e.u", "e.g", "i.e", "a.m", "p.m", "u.s.a", "n.y", "d.c", "s.a", "n.v", "a.g"
    ]).union(
        // Currency markers written with a period ("Rs. 240 crore", "Ksh. 27.4 billion").
        QuantityLexicon.prefixCurrencies.compactMap { $0.0.hasSuffix(".") ? String($0.0.dropLast()) : nil })

    /// Creates a splitter.
    public init() {}

    /// The sentences of `text`.
    public func sentences(in text: String) -> [Sentence] {
        let s = ScalarText.scalars(text)
        return ranges(in: s, from: 0, to: s.count).map {
            Sentence(text: ScalarText.string(s, $0.lowerBound, $0.upperBound), start: $0.lowerBound, end: $0.upperBound)
        }
    }

    /// The sentences of `s[from..<to]` as ranges of `s`, trimmed of white space.
    func ranges(in s: [Unicode.Scalar], from: Int, to: Int) -> [Range<Int>] {
        var sentences: [Range<Int>] = []
        var start = from
        var i = from
        func emit(_ end: Int) {
            var a = start
            var b = end
            while a < b, QuantityParser.isSpace(s[a]) { a += 1 }
            while b > a, QuantityParser.isSpace(s[b - 1]) { b -= 1 }
            // Every later stage does work per sentence that grows with its length, so a sentence is bounded:
            // a longer run (a table flattened into one line, a list with no full stop) is cut at a clause
            // boundary, else at a space, else hard.
            while b - a > Self.longest {
                let limit = a + Self.longest
                var cut = limit
                var k = limit
                while k > a + Self.longest / 2 {
                    if s[k] == ";" || s[k] == "," {
                        cut = k + 1
                        break
                    }
                    k -= 1
                }
                if cut == limit {
                    k = limit
                    while k > a + Self.longest / 2, !QuantityParser.isSpace(s[k]) { k -= 1 }
                    if k > a + Self.longest / 2 { cut = k }
                }
                var e = cut
                while e > a, QuantityParser.isSpace(s[e - 1]) { e -= 1 }
                if a < e { sentences.append(a..<e) }
                a = cut
                while a < b, QuantityParser.isSpace(s[a]) { a += 1 }
            }
            if a < b { sentences.append(a..<b) }
            start = end
        }
        while i < to {
            let c = s[i]
            if c == "\n", i + 1 < to, s[i + 1] == "\n" || s[i + 1] == "\r" {
                emit(i)
                i += 1
                continue
            }
            // "… RESULTS o Revenue: $26.7 billion; o Net income: …": a PDF's bullet, a lone "o" between spaces
            // before a capital, starts a list item.
            if c == "o", i > from, i + 2 < to, QuantityParser.isSpace(s[i - 1]), QuantityParser.isSpace(s[i + 1]),
                isUpper(s[i + 2])
            {
                emit(i)
                start = i + 1
                i += 1
                continue
            }
            // "…in the panel business.The maker said": a full stop with the space lost.
            if c == ".", i >= 3, i + 2 < to, isUpper(s[i + 1]), s[i + 2].properties.isLowercase,
                s[i - 1].properties.isLowercase, s[i - 2].properties.isLowercase, s[i - 3].properties.isLowercase
            {
                emit(i + 1)
                i += 1
                continue
            }
            if c == "." || c == "!" || c == "?" {
                var end = i + 1
                while end < to, Self.closers.contains(s[end]) { end += 1 }
                if end >= to { break }
                guard QuantityParser.isSpace(s[end]) else {
                    i += 1
                    continue
                }
                var next = end
                while next < to, QuantityParser.isSpace(s[next]) { next += 1 }
                guard next < to else { break }
                let n = s[next]
                let startsSentence = isUpper(n) || QuantityParser.isDigit(n) || Self.openers.contains(n)
                if startsSentence && !(c == "." && isAbbreviation(s, i)) {
                    emit(end)
                }
                i = end
                continue
            }
            i += 1
        }
        emit(to)
        return sentences
    }

    /// The longest sentence read as one (Unicode scalars); longer ones are cut.
    static let longest = 1_500

    static let closers: Set<Unicode.Scalar> = ["\"", "'", ")", "]", "\u{201D}", "\u{2019}"]
    static let openers: Set<Unicode.Scalar> = ["\"", "'", "(", "\u{201C}", "\u{2018}", "$", "€", "£"]

    /// True when the period at `i` ends an abbreviation or an initial rather than a sentence.
    private func isAbbreviation(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        var k = i
        while k > 0, i - k < 8, QuantityParser.isLetter(s[k - 1]) || s[k - 1] == "." { k -= 1 }
        if k == i { return false }
        // A single capital initial ("John F. Kennedy").
        if i - k == 1 && isUpper(s[i - 1]) { return true }
        guard i - k <= 6 else { return false }
        return Self.abbreviations.contains(Token.lowercase(ScalarText.string(s, k, i)))
    }

}

/// Upper case, with an ASCII fast path (Unicode property lookups are slow).
@inline(__always) func isUpper(_ c: Unicode.Scalar) -> Bool {
    c.value < 128 ? c.value >= 65 && c.value <= 90 : c.properties.isUppercase
}
