/// Numbers written in words ("twenty percent", "five million yen", "three quarters of a billion dollars",
/// "minus five percent", "forty-and-a-half trillion won") and in the spelled-out decimals of wire copy
/// ("two-point-43 trillion won", "12-point-two-percent").
extension QuantityParser {
    static let unitWords: [String: Double] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19
    ]
    static let tensWords: [String: Double] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90
    ]
    static let fractionWords: [String: Double] = [
        "half": 0.5, "halves": 0.5, "quarter": 0.25, "quarters": 0.25, "third": 1.0 / 3, "thirds": 1.0 / 3
    ]
    static let digitWords: [String: Int] = [
        "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9
    ]

    /// The lower-case word at `i` (letters only) and where it ends.
    static func word(_ s: [Unicode.Scalar], _ i: Int) -> (String, Int)? {
        guard i < s.count, isLetter(s[i]) else { return nil }
        var k = i
        var text = ""
        while k < s.count, isLetter(s[k]), text.unicodeScalars.count < 12 {
            text.unicodeScalars.append(lower(s[k]))
            k += 1
        }
        guard k >= s.count || !isLetter(s[k]) else { return nil }
        return (text, k)
    }

    /// A separator between number words: one space or one hyphen.
    static func separator(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        guard i < s.count, s[i] == " " || s[i] == "-" || s[i] == "\u{00A0}" else { return nil }
        return i + 1
    }

    /// A number in words at `i` ("twenty-five", "five-point-two", "forty-and-a-half", "three quarters of a"),
    /// its value and end. nil when the words are not a number, or are only "a"/"one" with nothing to count.
    static func wordNumber(_ s: [Unicode.Scalar], _ i: Int) -> (Double, Int)? {
        guard let (first, firstEnd) = word(s, i) else { return nil }
        var value: Double
        var end: Int
        if let u = unitWords[first] {
            value = u
            end = firstEnd
        } else if let t = tensWords[first] {
            value = t
            end = firstEnd
            // "twenty-five", "twenty five"
            if let k = separator(s, end), let (next, nextEnd) = word(s, k), let u = unitWords[next], u > 0, u < 10 {
                value += u
                end = nextEnd
            }
        } else {
            return nil
        }
        // "two hundred"
        if let k = separator(s, end), let (next, nextEnd) = word(s, k), next == "hundred" {
            value *= 100
            end = nextEnd
        }
        // "five-point-two", "two-point-43"
        if let (decimals, decimalEnd) = pointDecimals(s, end) {
            value += decimals
            end = decimalEnd
        }
        // "forty-and-a-half"
        if let k = separator(s, end), let (and, andEnd) = word(s, k), and == "and", let k2 = separator(s, andEnd),
            let (a, aEnd) = word(s, k2), a == "a", let k3 = separator(s, aEnd), let (f, fEnd) = word(s, k3),
            let fraction = fractionWords[f]
        {
            value += fraction
            end = fEnd
        }
        // "three quarters (of a)", "two thirds (of a)"
        if let k = separator(s, end), let (f, fEnd) = word(s, k), let fraction = fractionWords[f] {
            value *= fraction
            end = fEnd
            end = ofA(s, end) ?? end
        }
        return (value, end)
    }

    /// "a quarter of a", "half a", "a half": fractions of a scale word that follows.
    static func fractionNumber(_ s: [Unicode.Scalar], _ i: Int) -> (Double, Int)? {
        guard let (first, firstEnd) = word(s, i) else { return nil }
        var k = firstEnd
        var fractionWord = first
        if first == "a" || first == "an" {
            guard let next = separator(s, k), let (f, fEnd) = word(s, next) else { return nil }
            fractionWord = f
            k = fEnd
        }
        guard let fraction = fractionWords[fractionWord], fractionWord != "quarters", fractionWord != "thirds" else {
            return nil
        }
        // Only as a fraction of a scale: "a quarter of a billion", "half a million".
        let afterOf = ofA(s, k) ?? (fractionWord == "half" ? aOnly(s, k) : nil)
        guard let end = afterOf, let space = separator(s, end), let (scale, _) = word(s, space), scales[scale] != nil
        else { return nil }
        return (fraction, end)
    }

    static func ofA(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        guard let k = separator(s, i), let (of, ofEnd) = word(s, k), of == "of", let k2 = separator(s, ofEnd),
            let (a, aEnd) = word(s, k2), a == "a" || a == "an"
        else { return nil }
        return aEnd
    }

    static func aOnly(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        guard let k = separator(s, i), let (a, aEnd) = word(s, k), a == "a" || a == "an" else { return nil }
        return aEnd
    }

    static var scales: [String: Double] { QuantityLexicon.scales }

    /// "-point-four", "-point-43", " point two": a decimal part written as a word; its value and end.
    static func pointDecimals(_ s: [Unicode.Scalar], _ i: Int) -> (Double, Int)? {
        guard let k = separator(s, i), let (point, pointEnd) = word(s, k), point == "point",
            let k2 = separator(s, pointEnd)
        else {
            return nil
        }
        if k2 < s.count, isDigit(s[k2]) {
            var digits = ""
            var m = k2
            while m < s.count, isDigit(s[m]) {
                digits.unicodeScalars.append(s[m])
                m += 1
            }
            guard let v = Double("0." + digits) else { return nil }
            return (v, m)
        }
        var digits = ""
        var end = k2
        var m = k2
        while let (w, wEnd) = word(s, m), let d = digitWords[w] {
            digits += String(d)
            end = wEnd
            guard let next = separator(s, wEnd) else { break }
            m = next
        }
        guard !digits.isEmpty, let v = Double("0." + digits) else { return nil }
        return (v, end)
    }

    /// A quantity whose number is written in words, starting at the word at `start` (or "minus"/"negative" before it).
    static func wordCore(_ s: [Unicode.Scalar], at start: Int) -> Core? {
        var j = start
        var negative = false
        if let (w, wEnd) = word(s, j), w == "minus" || w == "negative", let k = separator(s, wEnd) {
            negative = true
            j = k
        }
        guard let (number, end) = wordNumber(s, j) ?? fractionNumber(s, j) else { return nil }
        var core = Core(start: start, end: end, number: number, negative: negative)
        let after = finish(&core, s, end)
        // A number in words counts only with a scale or a unit: "one of the", "two rivals" are no quantities.
        guard let after, core.kind != nil else { return nil }
        core.end = after
        return core
    }

    /// Up to 12 ASCII letters at `i`, lower-cased and packed 5 bits each, when they form a whole word.
    @inline(__always)
    static func packedWord(_ s: [Unicode.Scalar], _ i: Int) -> UInt64? {
        var k = i
        var packed: UInt64 = 0
        while k < s.count, k - i < 12 {
            let v = s[k].value | 0x20
            guard v >= 97, v <= 122, s[k].value < 128 else { break }
            packed = packed << 5 | UInt64(v - 96)
            k += 1
        }
        guard k > i, k >= s.count || !isLetter(s[k]) else { return nil }
        return packed
    }

    static func pack(_ word: String) -> UInt64 {
        word.unicodeScalars.reduce(0) { $0 << 5 | UInt64(($1.value | 0x20) - 96) }
    }

    /// Words a number in words can start with, packed.
    static let numberWordStarts: HashSet64 = {
        var set = HashSet64()
        for word in Array(unitWords.keys) + Array(tensWords.keys) + ["a", "an", "half", "minus", "negative"] {
            set.insert(pack(word))
        }
        return set
    }()

    /// Whether a number in words may start at `i` (one table lookup, no string built).
    @inline(__always)
    static func mayStartWordNumber(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        guard let packed = packedWord(s, i) else { return false }
        return numberWordStarts.contains(packed)
    }

    /// Whether a sentence without digits may still hold a number in words with a unit ("twenty percent").
    static func mayHoldWordNumber(_ s: [Unicode.Scalar]) -> Bool {
        var i = 0
        while i + 4 < s.count {
            let c = lower(s[i])
            // "percent", "per cent", "...illion", "dollars", "euros", "yen", "won", "crore", "lakh"
            if c == "p" && lower(s[i + 1]) == "e" && lower(s[i + 2]) == "r"
                && (lower(s[i + 3]) == "c" || s[i + 3] == " " && lower(s[i + 4]) == "c")
            {
                return true
            }
            if c == "i" && lower(s[i + 1]) == "l" && lower(s[i + 2]) == "l" && lower(s[i + 3]) == "i" { return true }
            if c == "d" && lower(s[i + 1]) == "o" && lower(s[i + 2]) == "l" && lower(s[i + 3]) == "l" { return true }
            if c == "e" && lower(s[i + 1]) == "u" && lower(s[i + 2]) == "r" && lower(s[i + 3]) == "o" { return true }
            i += 1
        }
        return false
    }
}
