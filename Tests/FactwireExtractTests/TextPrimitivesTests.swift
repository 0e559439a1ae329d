import Foundation
import Testing

@testable import FactwireExtract

/// The small text helpers the extractor's hot path runs on: each must give what the standard library's
/// slower spelling gives.
@Suite("Text primitives")
struct TextPrimitivesTests {
    @Test("a word set holds its words and nothing else, whatever their hashes")
    func wordSetMembership() {
        let words = ["revenue", "sales", "net", "turnover", "profit", "x", "ümsatz", "net"]
        let set: WordSet = ["revenue", "sales", "net", "turnover", "profit", "x", "ümsatz", "net"]
        #expect(Array(set) == ["revenue", "sales", "net", "turnover", "profit", "x", "ümsatz"])
        for word in words { #expect(set.contains(word), "\(word)") }
        for other in ["", "revenues", "Revenue", "reven", "umsatz", "nett", "y", "profit ", "sales\u{0}"] {
            #expect(!set.contains(other), "\(other)")
        }
        // Many words in a small table: every probe chain still ends, and every word is found.
        let many = WordSet((0..<2000).map { "w\($0)" })
        #expect((0..<2000).allSatisfy { many.contains("w\($0)") })
        #expect(!(2000..<4000).contains { many.contains("w\($0)") })
        let empty: WordSet = []
        #expect(!empty.contains("") && Array(empty).isEmpty)
    }

    @Test("trimming spaces and blank lines agree with Foundation's whitespace set, in any script")
    func trimmingSpacesMatchesFoundation() {
        let samples = [
            "", " ", "\t", "  Kestrel  ", "\u{00A0}Marlow\u{3000}", "\u{2009}Veltro Group\t", "\nline\n", " a \u{0301}",
            "\u{200B}zero width\u{200B}", "Über \u{202F}", "\u{3000}\u{00A0}\t ", "one  two", "\r\n",
            " \u{0301}Kestrel", "\t\u{0308}\u{0301} x \u{20DD}"
        ]
        // Every scalar of the Basic Multilingual Plane (where Unicode's spaces all are) around a word.
        let all = (UInt32(0)...0xFFFF).compactMap(Unicode.Scalar.init).map { String(Character($0)) }
        for space in all {
            let sample = space + "Kestrel" + space
            if sample.trimmingSpaces() != sample.trimmingCharacters(in: .whitespaces) {
                Issue.record("U+\(String(space.unicodeScalars.first!.value, radix: 16)) trims differently")
            }
        }
        for sample in samples {
            #expect(
                sample.trimmingSpaces() == sample.trimmingCharacters(in: .whitespaces), "\(sample.debugDescription)")
            #expect(sample.isBlank == sample.trimmingCharacters(in: .whitespaces).isEmpty, "\(sample.debugDescription)")
            let sub = Substring("x" + sample + "x").dropFirst().dropLast()
            #expect(sub.trimmingSpaces() == sub.trimmingCharacters(in: .whitespaces), "\(sample.debugDescription)")
        }
    }

    @Test("isASCII holds for text of ASCII bytes only, empty text included, in strings and substrings")
    func asciiText() {
        #expect("Kestrel Group, Q3'26: 5% (US$1.2bn)".isASCII)
        #expect("".isASCII)
        #expect(!"Pinecrest AG, €4.1 Mrd.".isASCII)
        #expect(!"Zentrava\u{00A0}Holdings".isASCII)
        #expect("x\u{7F}".isASCII)  // the last ASCII scalar
        #expect(!"x\u{80}".isASCII)  // the first that is not: two bytes in UTF-8
        #expect("ÜMarlow".dropFirst().isASCII)
    }

    @Test("a table line's unit words split the same byte by byte as by characters")
    func unitWordsMatchCharacterSplit() {
        let lines = [
            "(in millions of euros)", "Unit: US$ billion", "'000 units, Q3'26", "in ¥bn / € m", "NT$ million",
            "Revenue [EUR m] 2026 2025", "₹ crore; ₩ billion", "A-Z a-z 0-9 @[`{", "", "   ", "Ärger (in Mio. €)"
        ]
        for line in lines {
            let byCharacter = line.split(whereSeparator: {
                !$0.isLetter && !$0.isNumber && $0 != "$" && $0 != "€" && $0 != "£" && $0 != "¥" && $0 != "₹"
                    && $0 != "₩" && $0 != "'"
            }).map(String.init)
            #expect(TableHeader.unitWords(line) == byCharacter, "\(line)")
        }
    }

    @Test("a word set's union and difference")
    func wordSetAlgebra() {
        let base: WordSet = ["a", "b", "c"]
        #expect(Array(base.union(["c", "d"])) == ["a", "b", "c", "d"])
        let less = base.subtracting(["b"])
        #expect(Array(less) == ["a", "c"] && !less.contains("b"))
    }

    @Test("tokens: possessive endings, lower case, and strings equal to the text they cover")
    func tokens() {
        let tokens = Token.tokenize(
            Array("Kestrel's and MARLOW’S units; the companies' ÉLAN-Halden it's".unicodeScalars))
        let words = tokens.filter(\.isWord)
        #expect(words.map(\.text) == ["Kestrel", "and", "MARLOW", "units", "the", "companies", "ÉLAN-Halden", "it"])
        #expect(words.map(\.lower) == ["kestrel", "and", "marlow", "units", "the", "companies", "élan-halden", "it"])
        #expect(words.map(\.isPossessive) == [true, false, true, false, false, true, false, true])
        #expect(words.map(\.isCapitalized) == [true, false, true, false, false, false, true, false])
        // Offsets include the possessive ending.
        #expect(words[0].start == 0 && words[0].end == 9)
        // A long word is the same string as the standard library makes.
        let long = Token.tokenize(Array("Internationalisation".unicodeScalars))
        #expect(long.map(\.text) == ["Internationalisation"] && long[0].lower == "internationalisation")
    }

    @Test("an abbreviation's possessive ('Kestrel Inc.'s revenue') is one possessive word, and its fact is kept")
    func abbreviationPossessive() throws {
        let tokens = Token.tokenize(Array("Kestrel Inc.'s revenue and Marlow Co.’s. U.S. sales".unicodeScalars))
        #expect(
            tokens.map(\.text) == ["Kestrel", "Inc", "revenue", "and", "Marlow", "Co", ".", "U", ".", "S", ".", "sales"]
        )
        #expect(tokens.filter(\.isPossessive).map(\.text) == ["Inc", "Co"])
        #expect(tokens[1].start == 8 && tokens[1].end == 14)
        let text = "Results roundup\n\nMay 5, 2025\n\nKestrel Inc.'s revenue was $410 million, up 6%.\n"
        let facts = try #require(try Extraction.extract(Array(text.utf8), mediaType: .plainText).first).facts
        #expect(
            facts.contains { $0.metric == .revenue && $0.value == 410_000_000 && $0.company == "Kestrel" }, "\(facts)")
    }

    @Test("scalar text: exact strings of any length and script")
    func scalarText() {
        for text in ["", "a", "fifteen chars!!", "sixteen chars!!!", "€1.2 billion — 3%", "日本語のテキスト", "😀 ok"] {
            let scalars = Array(text.unicodeScalars)
            #expect(ScalarText.string(scalars, 0, scalars.count) == text)
            let lower = ScalarText.lowercased(scalars, 0, scalars.count)
            #expect(lower == (text.utf8.allSatisfy { $0 < 128 } ? text.lowercased() : nil))
        }
    }

    @Test("byte search finds the first match, in strings and substrings, after multi-byte text")
    func byteSearch() {
        let text = "Umsätze — revenue, revenue"
        let range = text.utf8Range(of: "revenue")
        #expect(range.map { String(text[$0]) } == "revenue")
        #expect(range.map { text.distance(from: text.startIndex, to: $0.lowerBound) } == 10)
        let tail = text[text.index(text.startIndex, offsetBy: 12)...]
        #expect(tail.utf8Range(of: "revenue").map { String(tail[$0]) } == "revenue")
        #expect(tail.utf8Range(of: "revenue").map { text.distance(from: text.startIndex, to: $0.lowerBound) } == 19)
        #expect(!text.utf8Contains("profit") && !"rev".utf8Contains("revenue") && text.utf8Contains(""))
    }

    @Test("line tidying keeps every non-ASCII character and folds only ASCII blanks")
    func tidyLineBreaks() {
        let text = "  Umsatz  stieg\t\r\n\n  um 3 %  — “gut”\u{00A0}so \n"
        #expect(PlainTextNormalizer.tidyLineBreaks(text) == "Umsatz stieg\num 3 % — “gut”\u{00A0}so")
        #expect(PlainTextNormalizer.wordCount("one  two\tthree\nfour ünf") == 5)
    }

    @Test(
        "a qualifier reads the same with ASCII and with non-ASCII text before it",
        arguments: [
            ("more than", Quantity.Qualifier.over), ("nearly", .under), ("approx.", .about), ("as many as", .upTo),
            ("no less than", .atLeast), ("xnearly", .exact), ("nearly,", .exact)
        ])
    func qualifierPaths(phrase: String, qualifier: Quantity.Qualifier) {
        for lead in ["Sales were ", "Umsätze: ", "—", ""] {
            let scalars = Array("\(lead)\(phrase.uppercased()) 12%".unicodeScalars)
            let start = scalars.count - 3
            #expect(QuantityParser.qualifier(before: start, scalars) == qualifier, "\(lead)\(phrase)")
        }
    }

    @Test("page chrome is told apart the same way in ASCII and in other text")
    func chromePaths() {
        for line in ["Read more", " | Advertisement | ", "SHARE THIS STORY", "Photo: Ines Halvorsen", "Related: …"] {
            #expect(PlainTextNormalizer.isChrome(line), "\(line)")
        }
        for line in ["Read more about Kestrel’s results", "Revenue rose 4%.", "Share prices fell", "Café", ""] {
            #expect(!PlainTextNormalizer.isChrome(line), "\(line)")
        }
        // Past thirty words a line is prose, whatever it opens with.
        #expect(!PlainTextNormalizer.isChrome("Share this " + String(repeating: "word ", count: 30)))
        #expect(PlainTextNormalizer.isChrome("Share this " + String(repeating: "word ", count: 20)))
        #expect(!PlainTextNormalizer.isChrome("Share this — " + String(repeating: "wörd ", count: 30)))
        #expect(PlainTextNormalizer.isChrome("Share this — " + String(repeating: "wörd ", count: 20)))
    }

    @Test("lower case of mixed text is the standard library's, scalar for scalar")
    func lowercaseMixed() {
        for text in ["ÉLAN-Halden", "“Revenue” ROSE", "İstanbul ΣΊΣΥΦΟΣ", "Straße GRÜN", "ﬁNE 😀 OK", "€", "ǅ ǈ"] {
            #expect(Token.lowercase(text) == text.lowercased(), "\(text)")
            #expect(Token.lowercaseMixed(text) == text.lowercased(), "\(text)")
        }
    }

    @Test("a token's word-set lookup agrees with the lookup of its lower-cased word")
    func tokenLookup() {
        let set: WordSet = ["revenue", "élan", "net"]
        for token in Token.tokenize(Array("Revenue of ÉLAN's net NETS reven".unicodeScalars)) {
            #expect(set.contains(token) == set.contains(token.lower), "\(token.text)")
        }
    }

    @Test("bytes: one byte searched in strings and substrings")
    func byteMembership() {
        let text = "Umsätze — revenue|profit"
        #expect(text.hasByte(UInt8(ascii: "|")) && !text.hasByte(UInt8(ascii: ",")))
        #expect(text.hasByte(0xE2) && !text.hasByte(10))
        let tail = text[text.index(text.startIndex, offsetBy: 10)...]
        #expect(tail.hasByte(UInt8(ascii: "|")) && !tail.hasByte(0xC3))
    }

    @Test("the year before a period label: the first 19xx or 20xx, wherever it stands")
    func yearBefore() {
        #expect(FactModel.yearBefore("2024") == "2023")
        #expect(FactModel.yearBefore("FY2024") == "FY2023")
        #expect(FactModel.yearBefore("Q3 2000") == "Q3 1999")
        #expect(FactModel.yearBefore("H1 2019–2020") == "H1 2018–2020")
        #expect(FactModel.yearBefore("12019") == "12018")
        #expect(
            FactModel.yearBefore("Q3") == nil && FactModel.yearBefore("1850") == nil && FactModel.yearBefore("") == nil)
    }

    @Test("a language is guessed from function words, and not from too few words")
    func languageGuess() {
        let english = String(
            repeating: "The company said that its sales in the quarter rose, and it expects more. ", count: 3)
        #expect(LanguageGuess.guess(english) == "en")
        let german = String(
            repeating: "Der Umsatz ist gestiegen und die Firma hat mit den Zahlen für das Jahr sich. ", count: 3)
        #expect(LanguageGuess.guess(german) == "de")
        #expect(LanguageGuess.guess("The sales rose.") == nil)
    }

    @Test("every currency marker and word has one code, a prefix marker's first")
    func currencyCodes() {
        #expect(TableHeader.currency("us$") == "USD" && TableHeader.currency("€") == "EUR")
        #expect(TableHeader.currency("euros") == "EUR" && TableHeader.currency("r") == "ZAR")
        #expect(TableHeader.currency("widgets") == nil)
        for (marker, code) in QuantityLexicon.prefixCurrencies {
            let first = QuantityLexicon.prefixCurrencies.first { $0.0 == marker }!.1
            #expect(TableHeader.currency(marker) == first, "\(marker) \(code)")
        }
    }

    @Test("a hash set holds what was inserted, zero included, across growth")
    func hashSet() {
        var set = HashSet64()
        #expect(!set.contains(0) && set.insert(0) && !set.insert(0) && set.contains(0))
        let keys = (1...5_000).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 }
        #expect(keys.allSatisfy { set.insert($0) })
        #expect(keys.allSatisfy { set.contains($0) && !set.insert($0) })
        #expect(!(5_001...10_000).contains { set.contains(UInt64($0) &* 0x9E37_79B9_7F4A_7C15) })
        // Keys that share their low bits probe past each other.
        var clustered = HashSet64(capacity: 4)
        for k in 0..<64 { clustered.insert(UInt64(k) << 40) }
        #expect((0..<64).allSatisfy { clustered.contains(UInt64($0) << 40) } && !clustered.contains(1 << 39))
    }
}
