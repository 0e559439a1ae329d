import FactwireExtract
import Foundation
import Testing

/// Sentences written for these tests (invented companies and figures).
@Suite("Quantity parser")
struct QuantityParserTests {
    let parser = QuantityParser()

    func only(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Quantity? {
        let found = parser.quantities(in: text)
        #expect(found.count == 1, "\(text) → \(found)", sourceLocation: sourceLocation)
        return found.first
    }

    func approx(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= max(1e-9, abs(b) * 1e-9) }

    @Test(
        "currency markers before the number",
        arguments: [
            ("Revenue reached $12.5 billion.", 12.5e9, "USD"),
            ("It earned US$40 billion last year.", 40e9, "USD"),
            ("Sales of HK$3.2bn were booked.", 3.2e9, "HKD"),
            ("A S$150 million plant.", 150e6, "SGD"),
            ("An A$2 billion bid.", 2e9, "AUD"),
            ("C$900 million in debt.", 900e6, "CAD"),
            ("Profit was €1.1bn.", 1.1e9, "EUR"),
            ("A £250m charge.", 250e6, "GBP"),
            ("Sales of ¥3 trillion.", 3e12, "JPY"),
            ("Revenue of ₹4,000 crore.", 4e10, "INR"),
            ("A ₩7.8 trillion profit.", 7.8e12, "KRW"),
            ("Rs 5,09,058 crore in sales.", 509_058e7, "INR"),
            ("Rs. 120 crore was spent.", 120e7, "INR"),
            ("Sales of Rs 4.5 lakh crore.", 4.5e12, "INR"),
            ("RMB 20 billion of loans.", 20e9, "CNY"),
            ("EUR 3.4 billion in orders.", 3.4e9, "EUR"),
            ("USD 500 million raised.", 500e6, "USD"),
            ("A half-year loss of Ksh.9.9 billion.", 9.9e9, "KES"),
            ("Deposits of ₦120 billion.", 120e9, "NGN"),
            ("Sales of Rp 5 trillion.", 5e12, "IDR"),
            ("AED 2.1 billion in orders.", 2.1e9, "AED"), ("Profit of Tk 1,200 crore.", 1200e7, "BDT"),
            ("Revenue of ₫45,000 billion.", 45_000e9, "VND"), ("Revenue of R12.3 billion.", 12.3e9, "ZAR"),
            ("A profit of N450 million.", 450e6, "NGN"), ("Sales of Sh2.1 billion.", 2.1e9, "KES"),
            ("Revenue of GH¢1.2 billion.", 1.2e9, "GHS")
        ])
    func prefixCurrencies(text: String, value: Double, unit: String) throws {
        let q = try #require(only(text))
        #expect(approx(q.value, value), "\(text): \(q.value)")
        #expect(q.unit == unit)
        #expect(q.kind == .money)
    }

    @Test(
        "currency words and codes after the number",
        arguments: [
            ("Net profit rose to 36.06 billion yuan.", 36.06e9, "CNY"),
            ("Operating profit of 7.78 trillion won.", 7.78e12, "KRW"),
            ("Income of 2,262.9 crore rupees.", 2262.9e7, "INR"),
            ("A loss of 350 billion yen.", 350e9, "JPY"),
            ("Orders worth 4.2 billion euros.", 4.2e9, "EUR"),
            ("Sales of 12 million USD.", 12e6, "USD"),
            ("Revenue of 5 lakh rupees.", 5e5, "INR"),
            ("Revenue of 250 billion naira.", 250e9, "NGN"),
            ("Sales of 12,500 billion ₫.", 12_500e9, "VND"),
            ("A profit of 3.2 trillion dong.", 3.2e12, "VND"),
            ("Sales of 48 billion rand.", 48e9, "ZAR"),
            ("Revenue of 9 billion dirhams.", 9e9, "AED"),
            // A headline in Title Case capitalises the currency word after a capitalised scale.
            ("Halden Shipping Profit Tops 48.2 Billion Won", 48.2e9, "KRW"),
            ("Quillfeather Sales Reach 3.1 Trillion Yen In 2026", 3.1e12, "JPY")
        ])
    func suffixCurrencies(text: String, value: Double, unit: String) throws {
        let q = try #require(only(text))
        #expect(approx(q.value, value), "\(text): \(q.value)")
        #expect(q.unit == unit)
    }

    @Test(
        "scales written every way",
        arguments: [
            ("$40B", 40e9), ("$1.2bn", 1.2e9), ("$3 bln", 3e9), ("$7mn", 7e6), ("$7 mln", 7e6), ("$5m", 5e6),
            ("$250k", 250e3), ("$2 thousand", 2e3), ("$1.5 trillion", 1.5e12), ("$2tn", 2e12), ("$9 million", 9e6)
        ])
    func scales(text: String, value: Double) throws {
        let q = try #require(only("It was \(text) in all."))
        #expect(approx(q.value, value), "\(text): \(q.value)")
    }

    @Test(
        "percentages as fractions",
        arguments: [
            ("grew 14%", 0.14), ("grew 14 percent", 0.14), ("grew 14 per cent", 0.14), ("grew 14 pct", 0.14),
            ("rose 0.9per cent", 0.009), ("rose 12percent", 0.12), ("sales up 12pc", 0.12),
            ("up 3.5pc on the year", 0.035),
            ("a 5.5-per-cent rise", 0.055), ("a 3.2-percent rise", 0.032),
            ("a 22.5% share", 0.225), ("margin fell to (17.6)%", -0.176), ("changed -3%", -0.03), ("moved -0%", 0)
        ])
    func percents(text: String, value: Double) throws {
        let q = try #require(only(text))
        #expect(approx(q.value, value), "\(text): \(q.value)")
        #expect(q.unit == "percent")
    }

    @Test(
        "one- and two-letter currency markers (R, N, Sh) are money only with a scale word: 'the R1 model', 'N95 masks'")
    func shortMarkersNeedAScale() {
        for text in ["the R1 model shipped", "N95 masks sold out", "a Sh1 coin", "R&D rose"] {
            #expect(!parser.quantities(in: text).contains { $0.kind == .money }, "\(text)")
        }
    }

    @Test("'pc' is a percent only glued to the number: '12 PCs' and '12pcs' are computers and pieces")
    func pcIsGlued() {
        for text in ["shipped 12 PCs", "a box of 12pcs", "bought 40 pc"] {
            #expect(!parser.quantities(in: text).contains { $0.kind == .percent }, "\(text)")
        }
    }

    @Test("percentage points are kept apart from percents")
    func percentagePoints() throws {
        let q = try #require(only("The share rose 2.5 percentage points."))
        #expect(q.kind == .percentagePoints)
        #expect(q.unit == "percentage_points")
    }

    @Test(
        "counts with their nouns",
        arguments: [
            ("It shipped 60.1 million smartphones.", 60.1e6, "smartphones"),
            ("The group employs about 41,000 people.", 41_000, "people"),
            ("It has 1,200 employees.", 1_200, "employees"),
            ("Shipments reached 2.3 million units.", 2.3e6, "units"),
            ("It hired 300 staff.", 300, "staff"),
            ("Larkspur sold 87.2 million panels in the spring.", 87.2e6, "panels"),
            ("Pinecrest shipped 4.1 million notebooks.", 4.1e6, "notebooks"),
            ("Kestrel delivered 212,000 EVs in the year.", 212_000, "vehicles")
        ])
    func counts(text: String, value: Double, unit: String) throws {
        let q = try #require(only(text))
        #expect(approx(q.value, value))
        #expect(q.unit == unit)
        #expect(q.kind == .count)
    }

    @Test(
        "qualifiers before the number",
        arguments: [
            ("spends over 14 percent", Quantity.Qualifier.over), ("more than $2bn", .over), ("exceeding $2bn", .over),
            ("nearly $2bn", .under), ("almost 5%", .under), ("less than $1 million", .under),
            ("about $3bn", .about), ("around 5%", .about), ("roughly $3bn", .about), ("approximately 12%", .about),
            ("up to $500m", .upTo), ("at least 300 employees", .atLeast), ("revenue of $2bn", .exact)
        ])
    func qualifiers(text: String, qualifier: Quantity.Qualifier) throws {
        let q = try #require(only(text))
        #expect(q.qualifier == qualifier, "\(text)")
    }

    @Test(
        "ranges become a midpoint with bounds, borrowing the currency, scale and unit of the second end",
        arguments: [
            ("between $2bn and $3bn", 2e9, 3e9, "USD"),
            ("between $2 and $3 billion", 2e9, 3e9, "USD"),
            ("growth of 3-5%", 0.03, 0.05, "percent"),
            ("growth of 3 to 5 percent", 0.03, 0.05, "percent"),
            ("overall growth of 2%-4%", 0.02, 0.04, "percent"),
            ("$2bn-$3bn in sales", 2e9, 3e9, "USD")
        ])
    func ranges(text: String, low: Double, high: Double, unit: String) throws {
        let q = try #require(only(text))
        #expect(q.qualifier == .range)
        #expect(
            q.range.map { approx($0[0], low) && approx($0[1], high) } == true, "\(text): \(String(describing: q.range))"
        )
        #expect(approx(q.value, (low + high) / 2))
        #expect(q.unit == unit)
    }

    @Test("a percent after another with a hyphen and no space is a range only when it rises: '+3%-2%' is two")
    func gluedPercentsFalling() {
        let found = parser.quantities(in: "Revenue +3%-2% cc")
        #expect(found.map(\.value) == [0.03, -0.02])
    }

    @Test("'from X to Y' gives two quantities marked as the two ends of a change")
    func fromTo() {
        let found = parser.quantities(in: "Revenue rose from $10.4 billion to $10.9 billion.")
        #expect(found.map(\.role) == [.from, .to])
        #expect(found.map(\.value) == [10.4e9, 10.9e9])
        let borrowed = parser.quantities(in: "Its share went from 21 to 23 percent.")
        #expect(borrowed.map(\.value) == [0.21, 0.23])
    }

    @Test(
        "'by X to Y' after a change is the change and the level it reached, not a range; 'by 3 to 5 percent' still is")
    func byThenTo() {
        let found = parser.quantities(in: "Revenue increased by $45 million to $1.2 billion.")
        #expect(found.map(\.value) == [45e6, 1.2e9])
        #expect(found.allSatisfy { $0.qualifier != .range })
        let growth = parser.quantities(in: "Sales should grow by 3 to 5 percent.")
        #expect(growth.count == 1 && growth.first?.qualifier == .range)
    }

    @Test(
        "a change verb with its amount, then 'to' and the level ('jumped $50 million to $2.1 billion'), is not a range")
    func verbThenTo() {
        for verb in ["jumped", "fell", "climbed", "up"] {
            let found = parser.quantities(in: "Operating income \(verb) $50 million to $2.1 billion.")
            #expect(found.map(\.value) == [50e6, 2.1e9], "\(verb)")
            #expect(found.allSatisfy { $0.qualifier != .range }, "\(verb)")
        }
        let guidance = parser.quantities(in: "It expects revenue of $2 billion to $2.2 billion.")
        #expect(guidance.count == 1 && guidance.first?.qualifier == .range)
    }

    @Test("offsets point at the quantity, counted in Unicode scalars")
    func offsets() throws {
        let text = "Café ☕ sales: €1.1bn, up 5%."
        let found = parser.quantities(in: text)
        #expect(found.count == 2)
        let scalars = Array(text.unicodeScalars)
        for q in found {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[q.start..<q.end])
            #expect(String(view) == q.text)
        }
        #expect(found[0].text == "€1.1bn")
    }

    @Test(
        "not quantities: bare numbers, years, model names, ordinals, scientific notation, absurd values",
        arguments: [
            "In 2014 the firm had 3 plants.", "It sells 5G and 4G phones.", "The 2nd quarter.", "A value of 1e309.",
            "$99999999999999999999 trillion", "Call 555-0100 now.", "Version 1,2 was late.", "FY2013 results"
        ])
    func notQuantities(text: String) {
        #expect(parser.quantities(in: text).isEmpty, "\(text) → \(parser.quantities(in: text))")
    }

    @Test("several quantities in one sentence, in order")
    func several() {
        let found = parser.quantities(
            in: "She said Larkspur spends over 18% of its $12.5 billion revenue on R&D, about $2.25 billion.")
        #expect(found.map(\.value) == [0.18, 12.5e9, 2.25e9])
        #expect(found.map(\.qualifier) == [.over, .exact, .about])
    }
}

@Suite("Quantity parser properties")
struct QuantityPropertyTests {
    static func grouped(_ n: Int, indian: Bool) -> String {
        let digits = Array(String(n))
        guard digits.count > 3 else { return String(digits) }
        var head = Array(digits.dropLast(3))
        var groups = [String(digits.suffix(3))]
        let size = indian ? 2 : 3
        while head.count > size {
            groups.insert(String(head.suffix(size)), at: 0)
            head.removeLast(size)
        }
        groups.insert(String(head), at: 0)
        return groups.joined(separator: ",")
    }

    @Test("a number written in any supported form parses back to itself")
    func roundTrip() {
        var random = SplitMix64(seed: 20_261_127)
        let parser = QuantityParser()
        let currencies = [
            ("$", "USD", true), ("US$", "USD", true), ("€", "EUR", true), ("£", "GBP", true), ("Rs ", "INR", true),
            (" yuan", "CNY", false), (" euros", "EUR", false), (" won", "KRW", false)
        ]
        let scales = [
            ("", 1.0), (" million", 1e6), (" billion", 1e9), ("bn", 1e9), (" crore", 1e7), ("k", 1e3),
            (" trillion", 1e12)
        ]
        for _ in 0..<2_000 {
            let whole = Int.random(in: 0...9_999_999, using: &random)
            let cents = Int.random(in: 0...99, using: &random)
            let decimal = Bool.random(using: &random)
            let number = Double(whole) + (decimal ? Double(cents) / 100 : 0)
            let indian = Bool.random(using: &random)
            var written = Self.grouped(whole, indian: indian)
            if decimal { written += String(format: ".%02d", cents) }
            let (marker, code, before) = currencies.randomElement(using: &random)!
            let (scaleText, scale) = scales.randomElement(using: &random)!
            let quantity = before ? "\(marker)\(written)\(scaleText)" : "\(written)\(scaleText)\(marker)"
            let sentence = "The company reported \(quantity) for the year."
            let found = parser.quantities(in: sentence)
            if number * scale > QuantityParser.largestValue {
                #expect(found.isEmpty, "\(sentence) is beyond the sanity limit → \(found)")
                continue
            }
            guard let q = found.first, found.count == 1 else {
                Issue.record("\(sentence) → \(found)")
                continue
            }
            #expect(abs(q.value - number * scale) <= abs(number * scale) * 1e-12, "\(sentence) → \(q.value)")
            #expect(q.unit == code, "\(sentence)")

            let percent = "Margins were \(written)% and \(written) percent."
            let percents = parser.quantities(in: percent)
            #expect(
                percents.count == 2 && percents.allSatisfy { abs($0.value - number / 100) <= abs(number) * 1e-12 },
                "\(percent) → \(percents)")
        }
    }

    @Test("arbitrary bytes never crash or hang the quantity parser and splitter")
    func arbitraryInput() {
        var random = SplitMix64(seed: 7)
        let alphabet = Array(
            "0123456789$€£¥₹,.-–()% bnmkBMTcrorelakh percent per cent between and to from US$ Rs\n\"'!?")
        let parser = QuantityParser()
        let splitter = SentenceSplitter()
        for _ in 0..<3_000 {
            let length = Int.random(in: 0...80, using: &random)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
            for q in parser.quantities(in: text) {
                #expect(q.value.isFinite && q.start < q.end && q.end <= text.unicodeScalars.count)
            }
            _ = splitter.sentences(in: text)
        }
        var bytes: [UInt8] = []
        for _ in 0..<20_000 { bytes.append(UInt8.random(in: 0...255, using: &random)) }
        let decoded = String(decoding: bytes, as: UTF8.self)
        _ = parser.quantities(in: decoded)
        _ = splitter.sentences(in: decoded)
    }
}
