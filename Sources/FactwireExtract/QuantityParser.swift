import Foundation

/// Finds money amounts, percentages and counts in text.
///
/// A hand-written scanner over Unicode scalars (no regular expressions: it must run at tens of MB/s).
/// It works in two passes. The first finds *cores*: an optional sign or opening parenthesis, an
/// optional currency marker ("US$", "€", "Rs"), a number (Western or Indian digit grouping, decimals),
/// an optional scale ("billion", "bn", "crore", attached "40B") and an optional unit (currency word or
/// code, "%", "percent", "per cent", "pct", "percentage points", or a counted noun). The second joins
/// neighbouring cores: "3-5%", "$2bn to $3bn" and "between $2 and $3 billion" become ranges (the first
/// end borrows the second's currency, scale and unit), and "from X to Y" marks a change. Only cores with
/// a unit are reported: bare numbers (years, counts of nothing) are not quantities.
public struct QuantityParser: Sendable {
    /// Values above this are refused as nonsense (world GDP is about 1e14 USD).
    public static let largestValue = 1e16

    /// Creates a parser.
    public init() {}

    /// Every quantity in `text`, in order.
    public func quantities(in text: String) -> [Quantity] {
        quantities(scalars: Array(text.unicodeScalars))
    }

    /// Every quantity in `scalars`, offsets into it.
    func quantities(scalars: [Unicode.Scalar]) -> [Quantity] {
        // Every quantity has a digit; most sentences have none.
        let hasDigit = scalars.contains(where: { $0.value >= 48 && $0.value <= 57 })
        let hasWords = Self.mayHoldWordNumber(scalars)
        guard hasDigit || hasWords else { return [] }
        var cores: [Core] = []
        var i = 0
        while i < scalars.count {
            // Most positions start nothing, and are told so without a call: inside a word (after an ASCII letter)
            // neither a figure nor a number word starts, nor at an ASCII scalar that is no digit, sign,
            // parenthesis, marker's first letter or number word's first letter.
            let v = scalars[i].value
            if i > 0, case let p = scalars[i - 1].value, p < 128, (p | 0x20) >= 97, (p | 0x20) <= 122 {
                i += 1
                continue
            }
            if v < 128, !Self.asciiMayStart[Int(v)], !hasWords || !Self.asciiWordStart[Int(v)] {
                i += 1
                continue
            }
            if Self.mayStart(scalars, i), let core = Self.core(scalars, at: i) {
                cores.append(core)
                i = core.end
            } else if hasWords, Self.isLetter(scalars[i]), i == 0 || !Self.isLetter(scalars[i - 1]),
                Self.wordStarts.contains(Self.lower(scalars[i]).value), Self.mayStartWordNumber(scalars, i),
                let core = Self.wordCore(scalars, at: i)
            {
                cores.append(core)
                i = core.end
            } else {
                i += 1
            }
        }
        return Self.join(cores, scalars)
    }

    /// First letters of number words ("one"…"ninety", "a", "half", "minus", "negative").
    static let wordStarts: Set<UInt32> = Set("otfsenzhamq".unicodeScalars.map(\.value))

    /// ASCII scalars at which ``mayStart(_:_:)`` can hold: digits, "(", "-" and first letters of currency
    /// markers, in either case.
    static let asciiMayStart: [Bool] = (0..<128).map { v in
        let c = Unicode.Scalar(UInt8(v))
        return isDigit(c) || c == "(" || c == "-" || markerFirsts.contains(lower(c).value)
    }

    /// ASCII letters, in either case, that start a number word (``wordStarts``).
    static let asciiWordStart: [Bool] = (0..<128).map { v in
        let c = Unicode.Scalar(UInt8(v))
        return isLetter(c) && wordStarts.contains(lower(c).value)
    }

    // MARK: - Cores

    struct Core {
        var start: Int
        var end: Int
        var number: Double
        var negative = false
        var currency: String?
        var scale: Double = 1
        var hasScale = false
        var kind: Quantity.Kind?
        var noun: String?
    }

    static func mayStart(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        let c = s[i]
        let digit = isDigit(c)
        // Most positions: not a digit, sign, parenthesis or the first scalar of a currency marker.
        guard digit || c == "(" || c == "-" || c == "\u{2212}" || markerFirsts.contains(lower(c).value) else {
            return false
        }
        if i > 0 {
            let p = s[i - 1]
            if isLetter(p) || isDigit(p) || (c != "$" && (p == "." || p == ",")) { return false }
            if digit && p == "$" { return false }
        }
        if digit { return true }
        if c == "(" || c == "-" || c == "\u{2212}" {
            return i + 1 < s.count && (isDigit(s[i + 1]) || prefixCurrency(s, i + 1) != nil)
        }
        return prefixCurrency(s, i) != nil
    }

    static func core(_ s: [Unicode.Scalar], at start: Int) -> Core? {
        var j = start
        var negative = false
        var parenthesis = false
        if s[j] == "(" {
            parenthesis = true
            negative = true
            j += 1
        } else if s[j] == "-" || s[j] == "\u{2212}" {
            negative = true
            j += 1
        }
        var currency: String?
        var needsScale = false
        if let (code, length, scaleOnly) = prefixCurrency(s, j) {
            currency = code
            needsScale = scaleOnly
            j += length
            if j < s.count, s[j] == " " || s[j] == "\u{00A0}" { j += 1 }
            // "RMB-3.250 billion": a sign after the currency.
            if !negative, j + 1 < s.count, s[j] == "-" || s[j] == "\u{2212}", isDigit(s[j + 1]) {
                negative = true
                j += 1
            }
        }
        guard j < s.count, isDigit(s[j]), var (number, afterNumber) = number(s, j) else { return nil }
        // "67-point-four trillion won": the decimals spelled out.
        if number == number.rounded(), let (decimals, end) = pointDecimals(s, afterNumber) {
            number += decimals
            afterNumber = end
        }
        j = afterNumber
        if parenthesis {
            guard j < s.count, s[j] == ")" else { return nil }
            j += 1
        }
        var core = Core(start: start, end: j, number: number, negative: negative, currency: currency)
        guard let end = finish(&core, s, j), !needsScale || core.hasScale else { return nil }
        core.end = end
        return core
    }

    /// Reads what follows a number (scale, unit, cents) into `core`; the end, or nil when a letter right after
    /// the number says this is no quantity ("5G", "1e309", "2nd").
    static func finish(_ core: inout Core, _ s: [Unicode.Scalar], _ start: Int) -> Int? {
        var j = start
        let currency = core.currency
        // Scale: attached ("1.2bn", "$40B") or after one space ("40 billion").
        if let (scale, length, _) = scaleWord(s, j) {
            // Attached to the number: always a scale ("5bn", "$40B", "10k").
            core.scale = scale
            core.hasScale = true
            j += length
        } else if j < s.count, s[j] == " " || s[j] == "\u{00A0}", let (scale, length, weak) = scaleWord(s, j + 1),
            !weak || currency != nil
        {
            core.scale = scale
            core.hasScale = true
            j += 1 + length
        }
        // "4.5 lakh crore": Indian scales compound (a lakh of crores, 10^12).
        if core.scale == 1e5, j < s.count, s[j] == " ", let (next, length, _) = scaleWord(s, j + 1), next == 1e7 {
            core.scale *= next
            j += 1 + length
        }
        // A currency code glued on or scaled: "115USD", "150 MUSD", "2.5MEUR".
        if currency == nil, let (scale, code, length) = codeAfter(s, j) {
            core.currency = code
            core.kind = .money
            if scale != 1 {
                core.scale *= scale
                core.hasScale = true
            }
            return j + length
        }
        let attached = unitAfter(s, j)
        // A letter right after the number that is no glued unit ("5G", "2nd") makes it no quantity.
        if j < s.count, isLetter(s[j]), attached == nil { return nil }
        if let (kind, code, length) = attached ?? spacedUnit(s, j, currency: currency) ?? hyphenPercent(s, j) {
            switch kind {
            case .money: core.currency = code
            case .count: core.noun = code
            default: break
            }
            core.kind = kind
            j += length
        } else if currency != nil {
            core.kind = .money
        }
        // "3 dollars 50 cents"
        if core.kind == .money, !core.hasScale, let (cents, end) = centsAfter(s, j) {
            core.number += cents / 100
            j = end
        }
        return j
    }

    /// Currency codes the parser reads glued to a number or after a scale letter.
    static let codes: WordSet = [
        "USD", "EUR", "GBP", "JPY", "CNY", "KRW", "INR", "HKD", "SGD", "AUD", "CAD", "CHF", "SEK",
        "NOK", "DKK", "TWD", "BRL", "ZAR", "MXN", "RUB", "IDR", "VND", "THB", "MYR", "PHP", "NZD"
    ]

    /// "USD" glued to the number, or "MUSD"/"BEUR"/"KUSD" (scale letter + code) glued or after a space.
    static func codeAfter(_ s: [Unicode.Scalar], _ i: Int) -> (Double, String, Int)? {
        var k = i
        if k < s.count, s[k] == " " { k += 1 }
        var letters = ""
        var m = k
        while m < s.count, isLetter(s[m]), letters.unicodeScalars.count < 5 {
            letters.unicodeScalars.append(s[m])
            m += 1
        }
        guard m >= s.count || !isLetter(s[m]), letters == letters.uppercased() else { return nil }
        if letters.count == 3, k == i, codes.contains(letters) { return (1, letters, m - i) }
        if letters.count == 4, let scale = ["K": 1e3, "M": 1e6, "B": 1e9][String(letters.prefix(1))],
            codes.contains(String(letters.dropFirst()))
        {
            return (scale, String(letters.dropFirst()), m - i)
        }
        return nil
    }

    /// "12-point-two-percent", "a 5.5-per-cent rise": a hyphen before the percent word.
    static func hyphenPercent(_ s: [Unicode.Scalar], _ i: Int) -> (Quantity.Kind, String, Int)? {
        guard i < s.count, s[i] == "-", let (w, end) = word(s, i + 1) else { return nil }
        if w == "percent" { return (.percent, "percent", end - i) }
        if w == "per", end < s.count, s[end] == "-", let (cent, after) = word(s, end + 1), cent == "cent" {
            return (.percent, "percent", after - i)
        }
        return nil
    }

    /// " 50 cents" or " and 50 cents" after a money amount; the cents and the end.
    static func centsAfter(_ s: [Unicode.Scalar], _ i: Int) -> (Double, Int)? {
        guard var k = separator(s, i), s[i] == " " else { return nil }
        if let (and, andEnd) = word(s, k), and == "and", let next = separator(s, andEnd) { k = next }
        guard k < s.count, isDigit(s[k]) else { return nil }
        var digits = ""
        var m = k
        while m < s.count, isDigit(s[m]), digits.count < 2 {
            digits.unicodeScalars.append(s[m])
            m += 1
        }
        guard let space = separator(s, m), s[m] == " ", let (w, end) = word(s, space), w == "cents" || w == "cent",
            let cents = Double(digits)
        else { return nil }
        return (cents, end)
    }

    /// Parses digits with optional grouping commas and decimals. Western groups are 3 digits; Indian
    /// grouping has 2-digit groups before the last 3 (5,09,058). Inconsistent grouping ends the number
    /// at the first comma ("1,2" is the number 1).
    static func number(_ s: [Unicode.Scalar], _ start: Int) -> (Double, Int)? {
        var j = start
        var integer = ""
        while j < s.count, isDigit(s[j]) {
            integer.unicodeScalars.append(s[j])
            j += 1
        }
        var groups: [String] = []
        var k = j
        // Grouping by commas, or by apostrophes as in Switzerland ("5'120").
        let separatorScalar: Unicode.Scalar = j < s.count && (s[j] == "'" || s[j] == "\u{2019}") ? s[j] : ","
        while k + 1 < s.count, s[k] == separatorScalar, isDigit(s[k + 1]) {
            var group = ""
            var m = k + 1
            while m < s.count, isDigit(s[m]) {
                group.unicodeScalars.append(s[m])
                m += 1
            }
            groups.append(group)
            k = m
        }
        if !groups.isEmpty {
            let western = groups.allSatisfy { $0.count == 3 } && integer.count <= 3
            let indian = groups.last!.count == 3 && groups.dropLast().allSatisfy { $0.count == 2 } && integer.count <= 2
            if western || indian {
                integer += groups.joined()
                j = k
            }
        }
        var text = integer
        if j + 1 < s.count, s[j] == ".", isDigit(s[j + 1]) {
            text += "."
            j += 1
            while j < s.count, isDigit(s[j]) {
                text.unicodeScalars.append(s[j])
                j += 1
            }
        }
        guard let value = Double(text), value.isFinite else { return nil }
        return (value, j)
    }

    /// Currency markers as scalar arrays (lower-case), computed once.
    static let markers: [(scalars: [Unicode.Scalar], code: String, isWord: Bool, needsScale: Bool)] =
        QuantityLexicon.prefixCurrencies.map {
            (
                Array($0.0.unicodeScalars), $0.1, isLetter($0.0.unicodeScalars.first!),
                QuantityLexicon.scaleOnlyPrefixes.contains($0.0)
            )
        }
    /// First scalars of the markers: most positions are rejected with one table lookup.
    static let markerFirsts = MarkerFirsts(markers.map { $0.scalars[0].value })

    /// For each ASCII first scalar, the indices of the markers that start with it, in ``markers`` order (the
    /// first that matches wins): a word is tried against a handful of markers, not all of them.
    static let markersByFirst: [[Int]] = (0..<128).map { value in
        markers.indices.filter { markers[$0].scalars[0].value == UInt32(value) }
    }

    /// A bit table for ASCII plus a short list for the few non-ASCII currency symbols.
    struct MarkerFirsts: Sendable {
        private var ascii = [Bool](repeating: false, count: 128)
        private var others: [UInt32] = []
        init(_ values: [UInt32]) {
            for value in values {
                if value < 128 { ascii[Int(value)] = true } else if !others.contains(value) { others.append(value) }
            }
        }
        @inline(__always) func contains(_ value: UInt32) -> Bool {
            value < 128 ? ascii[Int(value)] : others.contains(value)
        }
    }

    /// The currency marker at `i`: its code, its length, and whether it is money only with a scale word.
    static func prefixCurrency(_ s: [Unicode.Scalar], _ i: Int) -> (code: String, length: Int, needsScale: Bool)? {
        guard i < s.count, markerFirsts.contains(lower(s[i]).value) else { return nil }
        let first = lower(s[i]).value
        for index in first < 128 ? markersByFirst[Int(first)] : markers.indices.map({ $0 }) {
            let marker = markers[index]
            let length = marker.scalars.count
            guard matches(s, i, marker.scalars) else { continue }
            if marker.isWord {
                // Codes and "Rs" must stand alone: a word boundary before, and a number (after at most one space) after.
                if i > 0, isLetter(s[i - 1]) { continue }
                var k = i + length
                if k < s.count, s[k] == " " || s[k] == "\u{00A0}" { k += 1 }
                guard k < s.count, isDigit(s[k]) || s[k] == "-" && k + 1 < s.count && isDigit(s[k + 1]) else {
                    continue
                }
            } else {
                var k = i + length
                if k < s.count, s[k] == " " { k += 1 }
                guard k < s.count, isDigit(s[k]) || s[k] == "-" && k + 1 < s.count && isDigit(s[k + 1]) else {
                    continue
                }
            }
            return (marker.code, length, marker.needsScale)
        }
        return nil
    }

    /// A scale word at `i`, ending at a word boundary. `weak` ones (m, b, k, t) count only attached or with a currency.
    static func scaleWord(_ s: [Unicode.Scalar], _ i: Int) -> (Double, Int, Bool)? {
        var word = ""
        var k = i
        while k < s.count, isLetter(s[k]), word.count < 9 {
            word.unicodeScalars.append(s[k])
            k += 1
        }
        guard !word.isEmpty, k >= s.count || !isLetter(s[k]) else { return nil }
        let lower = Token.lowercase(word)
        guard let scale = QuantityLexicon.scales[lower] else { return nil }
        // "M" and "B" attached are scales; "m" alone after a space is not (metres, minutes).
        let weak = QuantityLexicon.weakScales.contains(lower)
        if weak && i > 0 && (s[i - 1] == " " || s[i - 1] == "\u{00A0}") {
            return (scale, word.unicodeScalars.count, true)
        }
        return (scale, word.unicodeScalars.count, false)
    }

    /// Currency symbols written after the number ("100 €", "250 ₹").
    static let suffixSymbols: [Unicode.Scalar: String] = [
        "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "$": "USD", "₫": "VND"
    ]

    /// "12pc" is the British financial press's per cent; only glued to the number ("12 pc" may be computers).
    static let gluedPercentWords: [[Unicode.Scalar]] = ["per cent", "percent", "pct", "pc"].map {
        Array($0.unicodeScalars)
    }

    /// A unit written directly after the number ("%").
    static func unitAfter(_ s: [Unicode.Scalar], _ i: Int) -> (Quantity.Kind, String, Int)? {
        guard i < s.count else { return nil }
        if s[i] == "%" { return (.percent, "percent", 1) }
        if let code = suffixSymbols[s[i]] { return (.money, code, 1) }
        guard isLetter(s[i]) else { return nil }
        // "0.9per cent", "12percent": the percent word glued to the number.
        for word in Self.gluedPercentWords where matches(s, i, word) {
            if i + word.count == s.count || !isLetter(s[i + word.count]) { return (.percent, "percent", word.count) }
        }
        return nil
    }

    /// A unit after one space: percent words, currency words and codes, counted nouns.
    static func spacedUnit(_ s: [Unicode.Scalar], _ i: Int, currency: String?) -> (Quantity.Kind, String, Int)? {
        guard i < s.count, s[i] == " " || s[i] == "\u{00A0}" else { return nil }
        let from = i + 1
        if from < s.count, s[from] == "%" { return (.percent, "percent", 2) }
        if from < s.count, currency == nil, let code = suffixSymbols[s[from]] { return (.money, code, 2) }
        let words = wordsAhead(s, from, count: 4)
        guard let first = words.first else { return nil }
        let lower = words.map { Token.lowercase($0.text) }
        func span(_ n: Int) -> Int { words[n - 1].end - i }
        if lower.count >= 2, lower[0] == "percentage", lower[1] == "points" || lower[1] == "point" {
            return (.percentagePoints, "percentage_points", span(2))
        }
        if lower.count >= 2, lower[0] == "per", lower[1] == "cent" { return (.percent, "percent", span(2)) }
        if lower[0] == "percent" || lower[0] == "pct" || lower[0] == "per-cent" {
            return (.percent, "percent", span(1))
        }
        if currency == nil {
            if lower.count >= 2, let code = QuantityLexicon.suffixCurrencies[lower[0] + " " + lower[1]] {
                return (.money, code, span(2))
            }
            // A capitalised currency word is a name ("… 40 Rand Avenue") unless the scale before it is capitalised
            // too, as in a headline in Title Case ("Profit Tops 48.2 Billion Won").
            if let code = QuantityLexicon.suffixCurrencies[lower[0]],
                first.text == lower[0] || first.text.uppercased() == first.text || isCapitalizedWord(endingAt: i, in: s)
            {
                return (.money, code, span(1))
            }
        }
        if let noun = QuantityLexicon.countNouns[lower[0]] { return (.count, noun, span(1)) }
        if lower.count >= 2, let noun = QuantityLexicon.countNouns[lower[1]], currency == nil {
            return (.count, noun, span(2))
        }
        // "12,400 new hydrogen-fuelled vehicles", "61.7 million connected fitness devices": the counted noun after
        // two or three words that describe it, none of them a word that ends the noun phrase.
        if currency == nil, lower.count >= 3,
            let n = (2..<lower.count).first(where: { QuantityLexicon.countNouns[lower[$0]] != nil }),
            !lower[..<n].contains(where: QuantityLexicon.phraseBreaks.contains)
        {
            return (.count, QuantityLexicon.countNouns[lower[n]]!, span(n + 1))
        }
        return nil
    }

    /// Whether the letters right before `end` are a word that starts with a capital ("Billion" of "48.2 Billion").
    static func isCapitalizedWord(endingAt end: Int, in s: [Unicode.Scalar]) -> Bool {
        var k = end - 1
        while k >= 0, isLetter(s[k]) { k -= 1 }
        return k + 1 < end && s[k + 1].properties.isUppercase
    }

    /// Up to `count` words starting at `i`, separated by single spaces (no punctuation in between).
    /// A dot inside a short abbreviation ("U.S. dollars", "U.K."): between letters, or ending one that
    /// already has a dot.
    static func isAbbreviationDot(_ s: [Unicode.Scalar], _ k: Int, word: String) -> Bool {
        guard s[k] == ".", !word.isEmpty, word.unicodeScalars.count <= 3 else { return false }
        return k + 1 < s.count && isLetter(s[k + 1]) || word.hasByte(UInt8(ascii: "."))
    }

    static func wordsAhead(_ s: [Unicode.Scalar], _ i: Int, count: Int) -> [(text: String, end: Int)] {
        var words: [(String, Int)] = []
        var k = i
        while words.count < count, k < s.count, isLetter(s[k]) {
            // The word is made once, at its end (appending scalar by scalar cost more than the search); the
            // abbreviation test needs the word so far only at a dot.
            let start = k
            while k < s.count,
                isLetter(s[k]) || s[k] == "-"
                    || s[k] == "." && Self.isAbbreviationDot(s, k, word: ScalarText.string(s, start, k))
            {
                k += 1
            }
            words.append((ScalarText.string(s, start, k), k))
            guard k + 1 < s.count, s[k] == " " else { break }
            k += 1
        }
        return words
    }

    // MARK: - Joining

    static func join(_ cores: [Core], _ s: [Unicode.Scalar]) -> [Quantity] {
        var result: [Quantity] = []
        var index = 0
        while index < cores.count {
            let first = cores[index]
            if index + 1 < cores.count {
                let second = cores[index + 1]
                // Every joining text below is at most five scalars, and lower-casing never shortens text: two
                // figures further apart are read alone, without making either string.
                guard second.start - first.end <= 5 else {
                    if let quantity = quantity(first, s) { result.append(quantity) }
                    index += 1
                    continue
                }
                let between = lowercase(s, first.end, second.start)
                let before = lowercase(s, max(0, first.start - 24), first.start)
                let dash = between == "-" || between == "\u{2013}" || between == " - " || between == " \u{2013} "
                let isFrom = before.hasSuffix("from ")
                // "rose by $45 million to $1.2 billion", "jumped $500 million to $6.6 billion": the change, then the
                // level it reached; not a range.
                let isChangeThenLevel =
                    between == " to " && first.currency != nil
                    && (before.hasSuffix("by ")
                        || CueLexicon.changeWords[before.split(separator: " ").last.map(String.init) ?? ""] != nil)
                let sameKind = first.kind == nil || first.kind == second.kind
                // "2%-4%": the hyphen between two percents glued to them is a dash, not the second one's sign.
                if between.isEmpty, first.kind == .percent, second.kind == .percent, second.negative,
                    second.start > 0, s[second.start] == "-", s[second.start - 1] == "%"
                {
                    var upper = second
                    upper.negative = false
                    if let range = makeRange(first, upper, s) {
                        result.append(range)
                        index += 2
                        continue
                    }
                }
                if (dash || between == " to ") && !isFrom && !isChangeThenLevel && sameKind
                    || (between == " and " && before.hasSuffix("between "))
                {
                    if let range = makeRange(first, second, s) {
                        result.append(range)
                        index += 2
                        continue
                    }
                }
                if between == " to " && isFrom {
                    var (a, b) = (first, second)
                    inherit(&a, from: b)
                    inherit(&b, from: a)
                    if var qa = quantity(a, s), var qb = quantity(b, s) {
                        qa.role = .from
                        qb.role = .to
                        result.append(qa)
                        result.append(qb)
                        index += 2
                        continue
                    }
                }
            }
            if let quantity = quantity(first, s) { result.append(quantity) }
            index += 1
        }
        return result
    }

    static func inherit(_ core: inout Core, from other: Core) {
        if core.currency == nil, let currency = other.currency { core.currency = currency }
        if !core.hasScale, other.hasScale {
            core.scale = other.scale
            core.hasScale = true
        }
        if core.kind == nil {
            core.kind = other.kind
            core.noun = other.noun
        }
    }

    static func makeRange(_ first: Core, _ second: Core, _ s: [Unicode.Scalar]) -> Quantity? {
        var low = first
        inherit(&low, from: second)
        guard let kind = second.kind, low.kind == kind, low.currency == second.currency,
            let a = value(of: low), let b = value(of: second), a <= b
        else { return nil }
        let start = low.start
        let text = string(s, start, second.end)
        return Quantity(
            text: text, start: start, end: second.end, value: (a + b) / 2, unit: unit(of: second),
            kind: kind, qualifier: .range, range: [a, b]
        )
    }

    static func quantity(_ core: Core, _ s: [Unicode.Scalar]) -> Quantity? {
        guard let kind = core.kind, let value = value(of: core) else { return nil }
        return Quantity(
            text: string(s, core.start, core.end), start: core.start, end: core.end, value: value, unit: unit(of: core),
            kind: kind, qualifier: qualifier(before: core.start, s)
        )
    }

    static func value(of core: Core) -> Double? {
        var value = core.number * core.scale
        if core.kind == .percent || core.kind == .percentagePoints { value /= 100 }
        if core.negative { value = -value }
        guard value.isFinite, abs(value) <= largestValue else { return nil }
        return value == 0 ? 0 : tidy(value)
    }

    static func unit(of core: Core) -> String {
        switch core.kind {
        case .money?: core.currency ?? "USD"
        case .percent?: "percent"
        case .percentagePoints?: "percentage_points"
        case .count?: core.noun ?? "units"
        case nil: ""
        }
    }

    static func qualifier(before start: Int, _ s: [Unicode.Scalar]) -> Quantity.Qualifier {
        if let qualifier = asciiQualifier(before: start, s) { return qualifier }
        let before = lowercase(s, max(0, start - 24), start)
        guard before.hasSuffix(" ") else { return .exact }
        let trimmed = String(before.dropLast())
        for (phrase, qualifier) in longestQualifiersFirst where trimmed.hasSuffix(phrase) {
            let boundary = trimmed.dropLast(phrase.count).last
            if boundary == nil || !(boundary!.isLetter) { return qualifier }
        }
        return .exact
    }

    /// Longer phrases first, so that one ending in another is found whole: "no less than" is at least, not
    /// "less than".
    static let longestQualifiersFirst = QuantityLexicon.qualifiers.enumerated().sorted {
        ($0.element.0.count, -$0.offset) > ($1.element.0.count, -$1.offset)
    }.map(\.element)
    static let qualifierScalars = longestQualifiersFirst.map { (Array($0.0.unicodeScalars), $0.1) }

    /// ``qualifier(before:_:)`` read on the scalars when the 24 before `start` are ASCII (nil otherwise): the
    /// same phrases and word boundary, without a lower-cased string and character-wise suffix tests per figure.
    static func asciiQualifier(before start: Int, _ s: [Unicode.Scalar]) -> Quantity.Qualifier? {
        let from = max(0, start - 24)
        guard (from..<start).allSatisfy({ s[$0].value < 128 }) else { return nil }
        guard start > from, s[start - 1] == " " else { return .exact }
        let end = start - 1
        for (phrase, qualifier) in qualifierScalars where phrase.count <= end - from {
            let at = end - phrase.count
            guard matches(s, at, phrase) else { continue }
            if at == from || !isLetter(s[at - 1]) { return qualifier }
        }
        return .exact
    }

    // MARK: - Helpers

    /// Removes binary noise from scaling: 7.2 / 100 is 0.07200000000000001 in binary, and 1.99 × 10^5 is
    /// 198999.99999999997; written figures have at most a dozen significant digits, so round to 12.
    static func tidy(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        let magnitude = (abs(value)).rounded(.up) == 0 ? 0 : Int(log10(abs(value)).rounded(.down))
        let factor = pow(10, Double(11 - magnitude))
        guard factor.isFinite, factor > 0 else { return value }
        let rounded = (value * factor).rounded() / factor
        return rounded.isFinite ? rounded : value
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }

    static func matches(_ s: [Unicode.Scalar], _ i: Int, _ marker: [Unicode.Scalar]) -> Bool {
        guard i + marker.count <= s.count else { return false }
        for (offset, m) in marker.enumerated() where lower(s[i + offset]) != m { return false }
        return true
    }

    /// ASCII upper case to lower case; everything else unchanged.
    @inline(__always) static func lower(_ c: Unicode.Scalar) -> Unicode.Scalar {
        c.value >= 65 && c.value <= 90 ? Unicode.Scalar(c.value + 32)! : c
    }

    /// A letter, with an ASCII fast path (Unicode property lookups are slow).
    @inline(__always) static func isLetter(_ c: Unicode.Scalar) -> Bool {
        if c.value < 128 { return (c.value | 0x20) >= 97 && (c.value | 0x20) <= 122 }
        return c.properties.isAlphabetic
    }

    /// White space, with an ASCII fast path.
    @inline(__always) static func isSpace(_ c: Unicode.Scalar) -> Bool {
        if c.value < 128 { return c == " " || c == "\n" || c == "\t" || c == "\r" || c.value == 11 || c.value == 12 }
        return c.properties.isWhitespace
    }

    static func string(_ s: [Unicode.Scalar], _ from: Int, _ to: Int) -> String {
        ScalarText.string(s, from, to)
    }

    static func lowercase(_ s: [Unicode.Scalar], _ from: Int, _ to: Int) -> String {
        guard from < to else { return "" }
        return string(s, from, to).lowercased()
    }
}
