import FactwireExtract

/// Deterministic generator of news-like articles.
public struct CorpusGenerator {
    var random: SplitMix64

    public init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { random.next() }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    mutating func number(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func decimal() -> String { "\(number(1...950)).\(number(0...9))" }

    static let first = [
        "Larkspur", "Northwind", "Quillfeather", "Marlow", "Brackett", "Corvane", "Ferncliff", "Harrow", "Ostrava",
        "Pinecrest", "Veltro", "Kestrel", "Tamsin", "Orlen", "Dunmore", "Aldgate", "Brisca", "Calloway"
    ]
    static let second = [
        "Networks", "Systems", "Technologies", "Electronics", "Group", "Holdings", "Motors", "Telecom", "Labs", "Inc",
        "AG", "Ltd"
    ]
    static let prose = [
        "Executives said the outlook for the coming quarters remains uncertain, citing supply constraints and currency swings.",
        "The company has been investing in new factories across Asia and Europe to diversify its manufacturing base.",
        "Customers in the enterprise segment continued to delay purchases, according to people familiar with the matter.",
        "Regulators in several countries are reviewing the proposed merger, which would combine two of the largest suppliers.",
        "\"We are pleased with the progress of our transformation programme,\" the chief executive told reporters on a call.",
        "Demand for cloud services and data-centre equipment was strong, while consumer devices were weaker than expected.",
        "The firm also announced a new partnership with a regional carrier to deploy its latest networking gear.",
        "Competition from lower-cost rivals has intensified, squeezing prices in the mid-range of the market."
    ]

    mutating func company() -> String { "\(pick(Self.first)) \(pick(Self.second))" }

    mutating func figureSentence(_ name: String) -> String {
        let year = number(2015...2025)
        switch number(0...9) {
        case 0:
            return
                "\(name) reported revenue of $\(decimal()) billion for fiscal \(year), up \(decimal())% year-on-year."
        case 1:
            return
                "Its net profit fell \(number(1...40)).\(number(0...9)) per cent to Rs \(number(1...9)),\(number(100...999)) crore in the third quarter."
        case 2:
            return
                "\(name) said its operating profit for the second quarter was \(decimal()) trillion won, down \(number(1...60))% from a year earlier."
        case 3:
            return
                "The company spends over \(number(5...25)) percent of its US$\(number(2...90)) billion revenue on R&D."
        case 4:
            return "\(name) - \(decimal()) million units sold with a \(number(1...30)).\(number(0...9))% market share"
        case 5:
            return
                "Earnings per share were €\(number(1...9)).\(number(10...99)) and the board proposed a dividend of €\(number(1...5)).\(number(10...99)) per share."
        case 6:
            return
                "In \(year), \(name) reported a net profit of CNY\(decimal()) billion, a decline of \(number(1...70)).\(number(0...9))% year-on-year."
        case 7:
            return
                "The group ended the year with a headcount of \(number(1...99)),\(number(100...999)) employees and plans to hire \(number(100...999)) more."
        case 8:
            return
                "Adjusted EBITDA was \(decimal()) million pounds, while orders and revenue were €\(decimal()) million and €\(decimal()) million, respectively."
        default:
            return
                "Shares of \(name) rose \(number(1...9)).\(number(0...9))% to $\(number(10...300)).\(number(10...99)) in New York trading."
        }
    }

    /// One article: section, title, dek, byline, 6–14 paragraphs, now and then a chrome line.
    public mutating func article() -> String {
        let name = company()
        var lines = [
            "Business › Technology", "", "\(name) results beat expectations", "",
            "The \(pick(["network", "chip", "device", "software"])) maker reported a busy quarter.",
            "By \(pick(["Dana Whitcombe", "Ravi Menon", "Aiko Tanaka"])), Senior Reporter", ""
        ]
        for _ in 0..<number(6...14) {
            var paragraph: [String] = []
            for _ in 0..<number(2...5) {
                paragraph.append(number(0...2) == 0 ? figureSentence(name) : pick(Self.prose))
            }
            lines.append(paragraph.joined(separator: " "))
            lines.append("")
            if number(0...7) == 0 {
                lines.append(pick(["Advertisement", "Share this article", "Editorial standards"]))
                lines.append("")
            }
        }
        return lines.joined(separator: "\n")
    }
}
