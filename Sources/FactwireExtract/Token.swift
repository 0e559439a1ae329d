/// A word or punctuation mark of a sentence, with its offsets (Unicode scalars, relative to the sentence).
///
/// The fact extractor reasons over tokens rather than characters: cue phrases ("net profit"), company
/// names (runs of capitalised words) and the words around a quantity are all token sequences.
struct Token: Sendable, Equatable {
    /// The token as written, without a possessive ending.
    var text: String
    /// Lower-cased ``text``.
    let lower: String
    /// ``lower``'s hash as ``WordSet`` keys words, made once: a token is looked up in many lexicons.
    let lowerHash: UInt64
    var start: Int
    var end: Int
    /// A word (letters or digits) rather than punctuation.
    var isWord: Bool
    /// Written with a possessive ending ("Huawei's", "Huawei’s").
    var isPossessive: Bool
    /// Starts with an upper-case letter.
    var isCapitalized: Bool

    init(
        text: String, lower: String, start: Int, end: Int, isWord: Bool, isPossessive: Bool, isCapitalized: Bool
    ) {
        self.text = text
        self.lower = lower
        lowerHash = WordSet.hash(lower)
        self.start = start
        self.end = end
        self.isWord = isWord
        self.isPossessive = isPossessive
        self.isCapitalized = isCapitalized
    }

    /// Splits `scalars[from..<to]` into tokens. Words keep inner hyphens and apostrophes ("year-on-year",
    /// "don't"); a trailing "'s" becomes ``isPossessive``; "&" and other punctuation are one-scalar tokens.
    static func tokenize(_ s: [Unicode.Scalar], from: Int = 0, to: Int? = nil) -> [Token] {
        let end = to ?? s.count
        var tokens: [Token] = []
        var i = from
        while i < end {
            let c = s[i]
            if QuantityParser.isSpace(c) {
                i += 1
                continue
            }
            if QuantityParser.isLetter(c) || QuantityParser.isDigit(c) {
                var j = i + 1
                while j < end {
                    let d = s[j]
                    if QuantityParser.isLetter(d) || QuantityParser.isDigit(d) {
                        j += 1
                        continue
                    }
                    // Inner hyphen, apostrophe or decimal point followed by a letter or digit stays in the word.
                    // "Amazon.com": a dot between a letter and a domain ending stays in the word.
                    if d == ".", QuantityParser.isLetter(s[j - 1]), let ending = domainEnding(s, j + 1, end) {
                        j += 1 + ending
                        continue
                    }
                    if d == "-" || d == "'" || d == "\u{2019}" || d == "." && QuantityParser.isDigit(s[j - 1]),
                        j + 1 < end,
                        QuantityParser.isLetter(s[j + 1]) || QuantityParser.isDigit(s[j + 1])
                    {
                        j += 2
                        continue
                    }
                    break
                }
                // The possessive ending is read on the scalars, before any string is made (`hasSuffix` on a
                // string compares characters, which costs more than the rest of the word).
                var possessive = false
                var textEnd = j
                // "Kestrel Inc.'s revenue", "Marlow Co.'s": an abbreviation's period, then the possessive ending.
                if j + 2 < end, s[j] == ".", s[j + 1] == "'" || s[j + 1] == "\u{2019}",
                    s[j + 2] == "s" || s[j + 2] == "S",
                    j + 3 >= end || !QuantityParser.isLetter(s[j + 3]) && !QuantityParser.isDigit(s[j + 3])
                {
                    j += 3
                    possessive = true
                } else if j - i > 2, s[j - 1] == "s" || s[j - 1] == "S", s[j - 2] == "'" || s[j - 2] == "\u{2019}" {
                    textEnd = j - 2
                    possessive = true
                } else if j < end, s[j] == "'" || s[j] == "\u{2019}",
                    j + 1 >= end || !QuantityParser.isLetter(s[j + 1]), s[j - 1] == "s"
                {
                    possessive = true  // "companies' revenue"
                }
                let text = ScalarText.string(s, i, textEnd)
                tokens.append(
                    Token(
                        text: text, lower: ScalarText.lowercased(s, i, textEnd) ?? lowercase(text), start: i, end: j,
                        isWord: true, isPossessive: possessive, isCapitalized: isUpper(s[i])))
                i = j
            } else {
                let text = String(c)
                tokens.append(
                    Token(
                        text: text, lower: text, start: i, end: i + 1, isWord: false, isPossessive: false,
                        isCapitalized: false))
                i += 1
            }
        }
        return tokens
    }

    /// "com", "net", "org", "co" as scalars, made once (not per dot in a word).
    static let domainEndings: [[Unicode.Scalar]] = ["com", "net", "org", "co"].map { Array($0.unicodeScalars) }

    /// The length of "com", "net", "org" or "co" at `i` when it ends a word there.
    static func domainEnding(_ s: [Unicode.Scalar], _ i: Int, _ end: Int) -> Int? {
        for scalars in domainEndings {
            guard i + scalars.count <= end, (0..<scalars.count).allSatisfy({ s[i + $0] == scalars[$0] }) else {
                continue
            }
            if i + scalars.count == end || !QuantityParser.isLetter(s[i + scalars.count]) { return scalars.count }
        }
        return nil
    }

    /// Lower case with an ASCII fast path (`lowercased()` is Unicode-aware and slow).
    static func lowercase(_ text: String) -> String {
        var ascii = true
        var hasUpper = false
        for byte in text.utf8 {
            if byte >= 128 {
                ascii = false
                break
            }
            if byte >= 65 && byte <= 90 { hasUpper = true }
        }
        guard ascii else { return lowercaseMixed(text) }
        guard hasUpper else { return text }
        // Written in place: a mapped array would be an allocation per word.
        var source = text
        return source.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { out in
                for (k, byte) in bytes.enumerated() { out[k] = byte >= 65 && byte <= 90 ? byte + 32 : byte }
                return bytes.count
            }
        }
    }

    /// `lowercased()` of text with some non-ASCII scalars, mapped scalar by scalar as the standard library
    /// does, but with ASCII scalars mapped directly: `lowercased()` looks every scalar up in the Unicode
    /// tables once a string is not all ASCII, which made a 400-byte line with one curly quote cost as much as
    /// a hundred ASCII ones.
    static func lowercaseMixed(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 128 {
                bytes.append(v >= 65 && v <= 90 ? UInt8(v + 32) : UInt8(v))
            } else {
                bytes.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
