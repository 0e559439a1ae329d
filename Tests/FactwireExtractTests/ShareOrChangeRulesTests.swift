import FactwireExtract
import Foundation
import Testing

/// A market share is a level; a percent of change next to it is growth, and units sold grow shipments.
/// Articles written for the project (fictional companies).
@Suite("Share or change")
struct ShareOrChangeRulesTests {
    static func facts(_ text: String) throws -> [Fact] {
        try #require(try Extraction.extract(Array(text.utf8), mediaType: .plainText).first).facts
    }

    @Test("a signed percent or one next to a word of change is never a market share")
    func changesAreNoShares() throws {
        let text = """
            Speaker shipments fell in every region, the research firm said.
            Kestrel Audio, which holds a 23.8 percent market share, saw its shipments falling 6.2 percent.
            Ardent Sound kept a 12 percent share of the market, with shipments down 3.9 percent from a year ago.
            Net income (Ardent share) (B$) 1.2 1.1 +9% 1.0 +20%
            """
        let facts = try Self.facts(text)
        let shares = facts.filter { $0.metric == .marketShare }.map(\.value)
        for change in [0.062, -0.062, 0.039, -0.039, 0.09, 0.2] {
            #expect(!shares.contains(change), "\(change) read as a share: \(facts)")
        }
        #expect(shares.contains(0.238), "\(facts)")
    }

    @Test(
        "a share that moved from or to a level ('slipped to 41 percent', 'dropped from 15.5% to 13.3%') is that level")
    func shareMovedToALevel() throws {
        let text = """
            Ferry and phone markets

            Halvard's market share in Norway slipped to 41 percent. Kestrel's share of the market rose to 12% from 10%.
            In contrast, Marlow's share dropped from 15.5% to 13.3%, a loss of 2.2 percentage points.
            """
        let facts = try Self.facts(text)
        let shares = facts.filter { $0.metric == .marketShare }.map(\.value)
        for level in [0.41, 0.12, 0.1, 0.155, 0.133] {
            #expect(shares.contains(level), "\(level) is no share: \(facts)")
        }
        #expect(!facts.contains { $0.metric == .growth }, "\(facts)")
    }

    @Test("a percent of change beside research spending is its growth, never its share of revenue")
    func researchChangeIsNoIntensity() throws {
        let text = """
            Research budgets of toolmakers

            Pinecrest Tools put 6.4 percent of its sales into research last year. Quillfeather's R&D outlays rose \
            17.5% in 2025, to €2.1 billion, or 9.3% of revenue.
            """
        let facts = try Self.facts(text)
        let intensity = facts.filter { $0.metric == .rdShareOfRevenue }.map(\.value)
        #expect(!intensity.contains(0.175), "\(facts)")
        #expect(intensity.contains(0.093), "\(facts)")
        let growth = facts.filter { $0.metric == .growth && $0.growthOf == "rd_spend" }.map(\.value)
        #expect(growth.contains(0.175), "\(facts)")
    }

    @Test("'Marlow gained from 11% to 13%' after another company's shares: both of Marlow's figures are Marlow's")
    func fromToKeepsItsOwner() throws {
        let text = """
            Phone makers lose ground

            Global phone shipments fell 6% in the first quarter; Kestrel lifted its market share from 27% to 29%, \
            Marlow gained from 11% to 13%, and Veltro slipped from 9% to 8%.
            """
        let shares = try Self.facts(text).filter { $0.metric == .marketShare }
        let owners = Dictionary(shares.map { ($0.value, $0.company ?? "-") }, uniquingKeysWith: { $0 + "," + $1 })
        #expect(owners[0.11] == "Marlow" && owners[0.13] == "Marlow", "\(owners)")
        #expect(owners[0.09] == "Veltro" && owners[0.27] == "Kestrel", "\(owners)")
    }

    @Test("vehicle sales counted in units grow shipments, not revenue; units in another clause do not")
    func unitSalesGrowShipments() throws {
        let text =
            "Tessaro Motors said its vehicle sales rose 7.5% year-on-year to 1.36 million units in the third quarter."
        let facts = try Self.facts(text)
        #expect(!facts.contains { $0.metric == .growth && $0.growthOf == "revenue" }, "\(facts)")
        #expect(facts.contains { $0.metric == .growth && $0.growthOf == "shipments" && $0.value == 0.075 }, "\(facts)")
        // Units counted in another clause leave a company's sales growth revenue's.
        let other = try Self.facts(
            """
            Smartwatch makers

            Marlow shipments rose 5% to 3.1 million units, while Kestrel sales fell 2%. Analysts expect Marlow and \
            Kestrel to gain.
            """)
        #expect(
            other.contains { $0.metric == .growth && $0.growthOf == "revenue" && $0.value == -0.02 }, "\(other)")
        #expect(!other.contains { $0.growthOf == "shipments" && $0.value == -0.02 }, "\(other)")
    }

    @Test(
        "'8.2% of the market' and '4.4 percent share' are shares; 'respective shares of 8.2% and 5.3%' pairs them with the names in order"
    )
    func partsOfTheMarket() throws {
        let text = """
            Kestrel Audio's speakers took 16.4% of the global speaker market in the quarter.
            Ardent Sound and Marlow Acoustics followed with respective shares of 8.2% and 5.3%.
            Tessaro Sound shipped 2.1 million units, a 4.4 percent share.
            """
        let facts = try Self.facts(text)
        let share = { (value: Double) in facts.first { $0.value == value && $0.metric == .marketShare }?.company }
        #expect(share(0.164) == "Kestrel Audio", "\(facts)")
        #expect(share(0.082) == "Ardent Sound", "\(facts)")
        #expect(share(0.053) == "Marlow Acoustics", "\(facts)")
        #expect(share(0.044) == "Tessaro Sound", "\(facts)")
    }

    @Test("a group's share ('combined', 'the top three') is nobody's; analysts' expectations are no facts")
    func groupsAndAnalysts() throws {
        let text = """
            Kestrel Audio and Ardent Sound had a combined share of 41.5% of the speaker market.
            The top three vendors controlled 63% of the market in the quarter.
            Analysts had expected Kestrel Audio to report revenue of $812 million for the quarter.
            """
        let facts = try Self.facts(text)
        #expect(!facts.contains { $0.value == 0.415 || $0.value == 0.63 }, "\(facts)")
        #expect(!facts.contains { $0.value == 812e6 }, "\(facts)")
    }

    @Test("a change right after a figure is that figure's growth")
    func changeAfterFigure() throws {
        let text = """
            Lindqvist Foods posted revenue of 4.8 billion euros in the quarter, up 6.5% from a year earlier.
            Adjusted EBITDA of €612m, down 2.5%, reflected higher input costs at Lindqvist Foods.
            """
        let facts = try Self.facts(text)
        #expect(
            facts.contains { $0.metric == .growth && $0.growthOf == "revenue" && abs($0.value) == 0.065 }, "\(facts)")
        #expect(!facts.contains { $0.metric == .marketShare }, "\(facts)")
    }

    @Test(
        "the change word decides the direction, also after 'year-on-year': a 4.5% year-on-year fall and a profit that shed 12.5% are falls"
    )
    func comparisonThenChangeWord() throws {
        let text = """
            Net profit at Halden Outfitters showed a 4.5% year-on-year (YoY) fall to $88 million in the half.
            Halden Outfitters said revenue reached $1.2 billion, 7% year-on-year, in the same period.
            Brightline Freight's operating profit shed 12.5 percent in the quarter.
            """
        let facts = try Self.facts(text)
        #expect(
            facts.contains { $0.metric == .growth && $0.growthOf == "net_income" && $0.value == -0.045 }, "\(facts)")
        #expect(facts.contains { $0.metric == .growth && $0.growthOf == "revenue" && $0.value == 0.07 }, "\(facts)")
        #expect(
            facts.contains { $0.metric == .growth && $0.growthOf == "operating_profit" && $0.value == -0.125 },
            "\(facts)")
    }

    @Test(
        "a group's growth ('the ten largest makers … a 9.1% increase') and a beat ('30 percent above forecast') are no facts"
    )
    func groupGrowthAndBeatMargins() throws {
        let text = """
            Widget makers had a strong quarter.

            The combined revenue of the ten largest widget makers reached $34.9 billion, a 9.1% increase from the \
            previous quarter.

            Kestrel Corp will post an operating profit of $4.3 billion for the year, nearly 30 percent above forecast.
            """
        let facts = try Self.facts(text)
        #expect(!facts.contains { $0.value == 0.091 }, "\(facts)")
        #expect(!facts.contains { $0.value == 0.3 }, "\(facts)")
        #expect(facts.contains { $0.company == "Kestrel" && $0.metric == .operatingProfit && $0.value == 4.3e9 })
    }

    @Test("a percent followed by 'decrease in' or 'rise of' grows the metric named after it, not the one before")
    func changeNounGovernsTheMetric() throws {
        let text = """
            Against the same quarter last year, Marlow Systems saw a 6.2 percent drop in revenue and a 14 percent \
            decrease in net income.
            """
        let facts = try Self.facts(text)
        #expect(facts.contains { $0.metric == .growth && $0.growthOf == "revenue" && $0.value == -0.062 }, "\(facts)")
        #expect(facts.contains { $0.metric == .growth && $0.growthOf == "net_income" && $0.value == -0.14 }, "\(facts)")
        #expect(!facts.contains { $0.metric == .growth && $0.growthOf == "revenue" && $0.value == -0.14 }, "\(facts)")
    }

    @Test(
        "how much a figure changed ('slipped by 0.3 million units', 'a decrease of 2.6 million', 'rose by $45 million to …', 'jumped $60 million to …') is no fact; the level it reached is"
    )
    func absoluteChangesAreNoFacts() throws {
        let text = """
            Tablet shipments fell in the second quarter as buyers waited for new models, Halden Insight said.

            Pinecrest Inc remained the top vendor with 11.2 million units, although its volume slipped by 0.3 \
            million units from a year earlier. Veltro Corp reported a decrease of 2.6 million units, ending the \
            quarter at 7.9 million units.

            Marlow Group said its revenue increased by $45 million to $1.2 billion. Its operating income jumped \
            $60 million to $310 million.
            """
        let facts = try Self.facts(text)
        #expect(facts.contains { $0.value == 310e6 && $0.metric == .operatingProfit }, "\(facts)")
        for change in [300_000, 2_600_000, 45e6, 60e6, 622.5e6] {
            #expect(!facts.contains { $0.value == change }, "\(change): \(facts)")
        }
        #expect(facts.contains { $0.value == 1.2e9 && $0.metric == .revenue }, "\(facts)")
    }
}
