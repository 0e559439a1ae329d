import Testing

@testable import FactwireExtract

/// Tables whose header puts measures over periods that start again under each measure ("Revenue | Market share"
/// over "2Q26 1Q26 QoQ 2Q26 1Q26"), flattened into one line or kept as lines. The header names each cell's column, so
/// it decides the metric. Articles written for the project (fictional companies).
@Suite("Grouped table headers")
struct GroupedHeaderTests {
    static let prose = """
        Contract chipmakers' quarter: Kestrel pulls further ahead

        Kestrel's quarterly revenue came to USD 12.48 billion, four in ten dollars spent on contract wafers.

        Marlow, second, took in USD 5.21 billion as two large customers cut orders.


        """

    static func facts(_ text: String) throws -> [Fact] {
        try #require(try Extraction.extract(Array(text.utf8), mediaType: .plainText).first).facts
    }

    static func has(_ facts: [Fact], _ company: String, _ key: String, _ value: Double) -> Bool {
        facts.contains { fact in
            let factKey = fact.metric == .growth ? "growth:" + (fact.growthOf ?? "") : fact.metric.rawValue
            return fact.company == company && factKey == key && abs(fact.value - value) <= 1e-9 * max(1, abs(value))
        }
    }

    /// Every cell of the rows after the first, whose figures the prose does not repeat.
    static func expectRowsRead(_ facts: [Fact]) {
        #expect(has(facts, "Marlow", "revenue", 5.21e9))
        #expect(has(facts, "Marlow", "revenue", 5.4e9))
        #expect(has(facts, "Marlow", "growth:revenue", -0.035))
        #expect(has(facts, "Marlow", "market_share", 0.171))
        #expect(has(facts, "Marlow", "market_share", 0.189))
        // The last row matches no amount of the prose: it keeps the millions the first row showed, not the
        // "billion" of the sentence above the table.
        #expect(has(facts, "Pinecrest", "revenue", 1.388e9))
        #expect(has(facts, "Pinecrest", "growth:revenue", 0.017))
        #expect(!facts.contains { $0.company == "Pinecrest" && $0.metric == .marketShare && $0.value == 0.017 })
    }

    @Test("measures over repeating periods: one column per measure and period; the change column grows its measure")
    func cells() {
        let words = ["rank", "company", "revenue", "market", "share", "2q26", "1q26", "qoq", "2q26", "1q26"]
        #expect(
            TableHeader.groupedCells(words) == [
                ["revenue", "2q26"], ["revenue", "1q26"], ["revenue", "qoq"], ["market", "share", "2q26"],
                ["market", "share", "1q26"]
            ])
        // One run of periods, or runs that do not match the measures, group nothing.
        #expect(TableHeader.groupedCells(["revenue", "share", "2q26", "1q26", "qoq"]) == nil)
        #expect(TableHeader.groupedCells(["revenue", "2q26", "1q26", "2q26", "1q26"]) == nil)
        for word in ["4q24", "q3", "1h25", "h2", "fy2024", "2024", "qoq", "yoy", "change"] {
            #expect(TableHeader.isPeriodOrChange(word), "\(word)")
        }
        for word in ["2q", "q5", "kestrel", "1234", "12", "3h24"] {
            #expect(!TableHeader.isPeriodOrChange(word), "\(word)")
        }
    }

    @Test("a number written with grouping commas is one column of its row")
    func groupedNumbersAreOneColumn() throws {
        let reading = ReadSentence(scalars: Array("Marlow 5,210 5,400 -3.5% 17.1%".unicodeScalars), offset: 0).reading
        let share = try #require(reading.quantities.lastIndex { $0.kind == .percent })
        #expect(TableReader.column(of: share, in: reading)?.index == 3)
        #expect(TableReader.column(of: share, in: reading)?.count == 4)
    }

    @Test("a ranking flattened into one line is split into its rows under the grouped header")
    func flattenedRanking() throws {
        let table = """
            Rank Company Revenue Market share 2Q26 1Q26 QoQ 2Q26 1Q26 1 Kestrel 12,480 11,020 13.2% 41.0% 38.5% \
            2 Marlow 5,210 5,400 -3.5% 17.1% 18.9% 3 Veltro 3,005 2,870 4.7% 9.9% 9.8% \
            4 Pinecrest 1,412 1,388 1.7% 4.6% 4.8% 5
            """
        Self.expectRowsRead(try Self.facts(Self.prose + table))
    }

    @Test("the same table as lines, the periods on a line of their own under the measures")
    func twoHeaderLines() throws {
        let table = """
            Company Revenue Market share
            2Q26 1Q26 QoQ 2Q26 1Q26
            Kestrel 12,480 11,020 13.2% 41.0% 38.5%
            Marlow 5,210 5,400 -3.5% 17.1% 18.9%
            Veltro 3,005 2,870 4.7% 9.9% 9.8%
            Pinecrest 1,412 1,388 1.7% 4.6% 4.8%
            """
        Self.expectRowsRead(try Self.facts(Self.prose + table))
    }
}
