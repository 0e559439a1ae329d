import Testing

@testable import FactwireExtract

/// Where a share's level is written: the level a move reached, the level it left, a part of a count of units, and
/// names with their shares in parentheses. Sentences written for the project (fictional companies).
@Suite("Share levels")
struct ShareLevelRulesTests {
    static func reading(_ text: String) -> SentenceReading {
        ReadSentence(scalars: Array(text.unicodeScalars), offset: 0).reading
    }

    /// The index of the quantity written `text` in `reading`.
    static func quantity(_ text: String, in reading: SentenceReading) throws -> Int {
        try #require(reading.quantities.firstIndex { $0.text == text }, "\(reading.quantities.map(\.text))")
    }

    @Test("'share rose to 9 percent', 'share stood at 12%': the level reached; not a share price's or revenue's")
    func shareReached() throws {
        let rose = Self.reading("Kestrel's global market share rose to 9 percent by the end of the quarter.")
        #expect(FactModel.isShareReached(rose, quantity: try Self.quantity("9 percent", in: rose)))
        let stood = Self.reading("Its share stood at 12% in the second quarter.")
        #expect(FactModel.isShareReached(stood, quantity: try Self.quantity("12%", in: stood)))
        let moved = Self.reading("Marlow's share rose 2.8 points to 33.5 percent.")
        #expect(FactModel.isShareReached(moved, quantity: try Self.quantity("33.5 percent", in: moved)))
        let price = Self.reading("The share price rose to 14% above the offer.")
        #expect(!FactModel.isShareReached(price, quantity: try Self.quantity("14%", in: price)))
        let part = Self.reading("The cloud unit's share of total revenue rose to 32 percent.")
        #expect(!FactModel.isShareReached(part, quantity: try Self.quantity("32 percent", in: part)))
        let revenue = Self.reading("Revenue rose to 9 percent of the group's total.")
        #expect(!FactModel.isShareReached(revenue, quantity: try Self.quantity("9 percent", in: revenue)))
    }

    @Test("'grew from 9.9 percent a year earlier to 14.4 percent of the market': the share it left")
    func shareLeft() throws {
        let grew = Self.reading("Halden grew from 9.9 percent a year earlier to 14.4 percent of the market.")
        #expect(FactModel.isShareLeft(grew, quantity: try Self.quantity("9.9 percent", in: grew)))
        let margin = Self.reading("The margin grew from 9.9 percent a year earlier to 14.4 percent.")
        #expect(!FactModel.isShareLeft(margin, quantity: try Self.quantity("9.9 percent", in: margin)))
    }

    @Test("'26.1 percent of 172.8 million units shipped' is a part of the market; 'of its revenue' is not")
    func partOfUnits() throws {
        let units = Self.reading(
            "Pinecrest shipped 45.2 million units, or 26.1 percent of 172.8 million units shipped.")
        #expect(FactModel.isPartOfMarket(units, quantity: try Self.quantity("26.1 percent", in: units)))
        let own = Self.reading("Cloud was 26.1 percent of its revenue of $4.2 billion.")
        #expect(!FactModel.isPartOfMarket(own, quantity: try Self.quantity("26.1 percent", in: own)))
    }

    @Test("'Kestrel (29.7%) and Marlow (16.7%) accounting for most sales': each name's share")
    func parenthesisedSharesWhenAccounting() throws {
        let text = "By sales value, Kestrel Displays (29.7%) and Marlow Panels (16.7%) accounted for 46% of the total."
        let facts = try #require(try Extraction.extract(Array(text.utf8), mediaType: .plainText).first).facts
        let shares = facts.filter { $0.metric == .marketShare }
        #expect(shares.contains { $0.company == "Kestrel Displays" && $0.value == 0.297 }, "\(facts)")
        #expect(shares.contains { $0.company == "Marlow Panels" && $0.value == 0.167 }, "\(facts)")
    }
}
