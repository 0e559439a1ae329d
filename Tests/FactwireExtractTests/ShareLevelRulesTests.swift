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

    @Test("'share climbed to 17 percent', 'share stood at 12%': the level reached; not a share price's or revenue's")
    func shareReached() throws {
        let rose = Self.reading("Kestrel's unit share in Europe climbed to 17 percent in the spring.")
        #expect(FactModel.isShareReached(rose, quantity: try Self.quantity("17 percent", in: rose)))
        let stood = Self.reading("Its share stood at 12% in the second quarter.")
        #expect(FactModel.isShareReached(stood, quantity: try Self.quantity("12%", in: stood)))
        let moved = Self.reading("Marlow's share rose 1.9 points to 27.5 percent.")
        #expect(FactModel.isShareReached(moved, quantity: try Self.quantity("27.5 percent", in: moved)))
        let price = Self.reading("The share price rose to 14% above the offer.")
        #expect(!FactModel.isShareReached(price, quantity: try Self.quantity("14%", in: price)))
        let part = Self.reading("The cloud unit's share of total revenue rose to 32 percent.")
        #expect(!FactModel.isShareReached(part, quantity: try Self.quantity("32 percent", in: part)))
        let revenue = Self.reading("Revenue rose to 9 percent of the group's total.")
        #expect(!FactModel.isShareReached(revenue, quantity: try Self.quantity("9 percent", in: revenue)))
    }

    @Test("'went from 6.5 percent to 8 percent of the market': the share it left")
    func shareLeft() throws {
        let grew = Self.reading("Halden went from 6.5 percent in spring to 8 percent of the market.")
        #expect(FactModel.isShareLeft(grew, quantity: try Self.quantity("6.5 percent", in: grew)))
        let margin = Self.reading("Its margin went from 6.5 percent in spring to 8 percent.")
        #expect(!FactModel.isShareLeft(margin, quantity: try Self.quantity("6.5 percent", in: margin)))
    }

    @Test("'18.4 percent of 61 million units' is a part of the market; 'of its revenue' is not")
    func partOfUnits() throws {
        let units = Self.reading(
            "Pinecrest sold 11.2 million units, 18.4 percent of 61 million units sold in the year.")
        #expect(FactModel.isPartOfMarket(units, quantity: try Self.quantity("18.4 percent", in: units)))
        let own = Self.reading("Cloud was 18.4 percent of its revenue of $4.2 billion.")
        #expect(!FactModel.isPartOfMarket(own, quantity: try Self.quantity("18.4 percent", in: own)))
    }

    @Test("'Kestrel (31.5%) and Marlow (12.2%), accounting for most sales': each name's share")
    func parenthesisedSharesWhenAccounting() throws {
        let text =
            "Two makers, Kestrel Displays (31.5%) and Marlow Panels (12.2%), accounted for most of the value sold."
        let facts = try #require(try Extraction.extract(Array(text.utf8), mediaType: .plainText).first).facts
        let shares = facts.filter { $0.metric == .marketShare }
        #expect(shares.contains { $0.company == "Kestrel Displays" && $0.value == 0.315 }, "\(facts)")
        #expect(shares.contains { $0.company == "Marlow Panels" && $0.value == 0.122 }, "\(facts)")
    }
}

/// Who a share in a list of companies belongs to, when the article names each company only there.
@Suite("Share levels in lists")
struct ShareListOwnerTests {
    @Test("'Kestrel grew its share from 21% to 25%, Marlow gained from 14% to 17%, and Veltro dipped …': each its own")
    func listItems() throws {
        let text = """
            Widget makers had a mixed spring.

            Global widget shipments fell 9% in Q2 2025; Kestrel grew its market share from 21% to 25%, Marlow \
            gained from 14% to 17%, and Veltro dipped from 12% to 11%.
            """
        let facts = try #require(try Extraction.extract(Array(text.utf8), mediaType: .plainText).first).facts
        let shares = facts.filter { $0.metric == .marketShare }
        for (company, value) in [("Kestrel", 0.25), ("Marlow", 0.17), ("Veltro", 0.11)] {
            #expect(shares.contains { $0.company == company && $0.value == value }, "\(company): \(shares)")
        }
        #expect(!shares.contains { $0.company == "Marlow" && $0.value == 0.25 }, "\(shares)")
    }

    @Test("a name the sentence opens with after a semicolon, then 'grew', is a name unless written in lower case too")
    func nameAfterSemicolon() {
        let reading = ReadSentence(
            scalars: Array("Sales fell 9%; Kestrel grew its share to 25%, and Marlow slipped to 17%.".unicodeScalars),
            offset: 0)
        var detector = CompanyDetector(text: "Sales fell 9%; Kestrel grew its share.", author: nil)
        let names = detector.mentions(in: reading.reading.tokens).map(\.name)
        #expect(names.contains("Kestrel"), "\(names)")
        var common = CompanyDetector(text: "Demand grew. The demand for widgets fell.", author: nil)
        let demand = ReadSentence(scalars: Array("Demand grew 4%.".unicodeScalars), offset: 0)
        #expect(common.mentions(in: demand.reading.tokens).isEmpty)
    }

    @Test("a wire credit that starts with a news agency's full name is a source; a company that starts like one is not")
    func wireCredits() {
        #expect(KnownSources.contains("Associated Press Via Acquire Media NewsEdge"))
        #expect(!KnownSources.contains("AP Moller Maersk"))
    }
}

/// A vendor's growth written beside its share.
@Suite("Growth beside a share")
struct ShareGrowthTests {
    static func facts(_ text: String) throws -> [Fact] { try ShareOrChangeRulesTests.facts(text) }

    @Test("'24.7% market share and 5.8% growth' grows shipments; beside a revenue share, revenue")
    func growthBesideShare() throws {
        let units = try Self.facts(
            """
            Tablet vendors in the third quarter

            Pinecrest Devices retained the No. 1 position in the third quarter with 24.7% market share and 5.8% growth.
            """)
        #expect(
            units.contains { $0.metric == .growth && $0.growthOf == "shipments" && $0.value == 0.058 }, "\(units)")
        #expect(!units.contains { $0.metric == .marketShare && $0.value == 0.058 }, "\(units)")
        let revenue = try Self.facts(
            """
            Server vendors in the second quarter

            Veltro Systems was the largest supplier with 18.8% revenue share and 52.9% growth.
            """)
        #expect(
            revenue.contains { $0.metric == .growth && $0.growthOf == "revenue" && $0.value == 0.529 }, "\(revenue)")
    }

    @Test("the rule: a change beside a share grows units shipped, or revenue when the sentence speaks of revenue")
    func basis() {
        func basis(_ text: String, _ quantity: Int) -> String? {
            FactModel.shareGrowthBasis(
                ReadSentence(scalars: Array(text.unicodeScalars), offset: 0).reading, quantity: quantity)
        }
        #expect(basis("Pinecrest kept first place with 24.7% market share and 5.8% growth.", 1) == "growth:shipments")
        #expect(basis("Veltro had 18.8% revenue share and 52.9% growth.", 1) == "growth:revenue")
        #expect(basis("Veltro grew 52.9% in the quarter.", 0) == nil)
    }

    @Test("a change of the share itself ('its share has risen by 13%') is no growth of sales")
    func shareItselfChanged() {
        let reading = ReadSentence(
            scalars: Array("Over the period, Kestrel's market share has risen by 13%.".unicodeScalars), offset: 0
        ).reading
        #expect(FactModel.shareGrowthBasis(reading, quantity: 0) == nil)
        let level = ReadSentence(
            scalars: Array("Kestrel shipped 3.9 million units and took a 16.4 per cent market share.".unicodeScalars),
            offset: 0
        ).reading
        #expect(FactModel.shareGrowthBasis(level, quantity: 1) == nil)
    }
}
