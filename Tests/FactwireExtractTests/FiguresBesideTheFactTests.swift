import Foundation
import Testing

@testable import FactwireExtract

/// Figures that stand beside a fact without being one: the round line a result crossed ("surpassed 10 trillion won"),
/// the level a change started from ("down from 21 percent"), the analysts' estimate a result is set against; and the
/// present tense of headlines, whose verbs of change must give a fall its sign. Articles written for the project
/// (fictional companies).
@Suite("Figures beside the fact")
struct FiguresBesideTheFactTests {
    static func reading(_ text: String) -> SentenceReading {
        ReadSentence(scalars: Array(text.unicodeScalars), offset: 0).reading
    }

    /// What `rule` says of the sentence's first (or last) quantity of `kind`; false when it has none.
    static func on(
        _ kind: Quantity.Kind, in text: String, last: Bool = false, _ rule: (SentenceReading, Int) -> Bool
    ) -> Bool {
        let reading = Self.reading(text)
        let isKind: (Quantity) -> Bool = { $0.kind == kind }
        guard
            let index = last
                ? reading.quantities.lastIndex(where: isKind) : reading.quantities.firstIndex(where: isKind)
        else { return false }
        return rule(reading, index)
    }

    static func facts(_ text: String) throws -> [Fact] {
        try #require(try Extraction.extract(Array(text.utf8), mediaType: .plainText).first).facts
    }

    @Test("a round amount that a result crossed, or that names a mark, is a milestone; a precise one is the figure")
    func milestones() {
        func milestone(_ text: String) -> Bool { Self.on(.money, in: text) { FactModel.isThreshold($0, quantity: $1) } }
        #expect(milestone("Halden Steel expects operating profit surpassing 10 trillion won for the first time."))
        #expect(milestone("Quarterly revenue exceeded one trillion won."))
        #expect(milestone("Sales returned to the 60 trillion won range."))
        #expect(milestone("Orders topped the $2 billion mark."))
        // The figure itself: precise, or not governed by a verb of crossing.
        #expect(!milestone("Revenue surpassed $2.171 billion in the quarter."))
        #expect(!milestone("Operating profit was 10 trillion won."))
        #expect(!milestone("Revenue rose to $3 billion."))
    }

    @Test("the shipped model reports the precise figure and leaves the milestone it crossed")
    func milestoneIsNoFact() throws {
        let text = """
            Halden Steel posts record profit

            Halden Steel said on Thursday that its operating profit reached 10.31 trillion won in the third quarter, \
            surpassing 10 trillion won for the first time.
            """
        let values = try Self.facts(text).filter { $0.metric == .operatingProfit }.map(\.value)
        #expect(values.contains(10.31e12), "\(values)")
        #expect(!values.contains(10e12), "\(values)")
    }

    @Test("a percent after 'from' is where a level started, never the growth")
    func startingLevelIsNoGrowth() throws {
        let text = """
            Kestrel Foods results

            Kestrel Foods said its revenue grew 12% in the quarter, down from 15% a year earlier.
            """
        let facts = try Self.facts(text)
        #expect(facts.contains { $0.metric == .growth && $0.value == 0.12 }, "\(facts)")
        #expect(!facts.contains { $0.metric == .growth && abs($0.value) == 0.15 }, "\(facts)")
        #expect(
            FactModel.followsFrom(Self.reading("Its share was 24.5%, down from 27.3% a year earlier."), quantity: 1))
    }

    @Test("headline verbs in the present tense ('plunges', 'tumbles') give a fall its sign; 'climbs' a rise")
    func headlineTenses() {
        #expect(CueLexicon.changeWords["plunges"] == true)
        #expect(CueLexicon.changeWords["tumbles"] == true)
        #expect(CueLexicon.changeWords["climbs"] == false)
        func falls(_ text: String) -> Bool? {
            let reading = Self.reading(text)
            return reading.changeDirection(reading.quantityTokens[0])
        }
        #expect(falls("Pinecrest revenue plunges 28%") == true)
        #expect(falls("Marlow profit tumbles 12 percent on weak demand") == true)
        #expect(falls("Veltro sales climbs 9% in the quarter") == false)
    }

    @Test("a result 'in line with analysts' estimates' is the company's; the estimate after 'above analysts'' is not")
    func analystsAsYardstick() throws {
        let text = """
            Kestrel Foods results

            Kestrel Foods on Thursday reported a 7.4% jump in its net profit to Rs 2,560.50 crore, in line with \
            analysts' estimates.
            """
        let facts = try Self.facts(text)
        #expect(facts.contains { $0.metric == .netIncome && $0.value == 25_605e6 }, "\(facts)")
        // The clause's figure after the analysts' word is theirs; a clause of analysts alone stays theirs.
        let compared = Self.reading("Net income rose to $812 million, above analysts' estimates for $790 million.")
        #expect(!compared.isAnalystEstimate(compared.quantityTokens[0]))
        #expect(compared.isAnalystEstimate(compared.quantityTokens[1]))
        let theirs = Self.reading("Analysts had expected net income of $790 million.")
        #expect(theirs.isAnalystEstimate(theirs.quantityTokens[0]))
    }

    @Test("an amount named an expectation ('analysts' €4.48 billion expectation', '$40 million expected') is theirs")
    func expectationsAfterTheAmount() {
        func expectation(_ text: String) -> Bool {
            Self.on(.money, in: text, last: true) { FactModel.isExpectation($0, quantity: $1) }
        }
        #expect(expectation("Kestrel projects revenue of €4.2 billion, below the €4.48 billion expectation."))
        #expect(expectation("Revenue came in at $1.2 billion against $1.1 billion expected."))
        #expect(expectation("Revenues fell 13.2% year/year to $7.19 bln vs the $6.52 bln S&P Capital IQ Consensus."))
        #expect(!expectation("Revenue rose to $7.19 bln vs $6.1 bln a year earlier."))
        #expect(!expectation("Kestrel projects revenue of €4.2 billion for the third quarter."))
    }

    @Test("a forecast in the past perfect ('it had projected net income of …') was replaced; the new one stands")
    func earlierForecasts() throws {
        func earlier(_ text: String) -> Bool {
            let reading = Self.reading(text)
            return reading.isEarlierForecast(reading.quantityTokens[0])
        }
        #expect(earlier("Earlier, it had projected net income of between 1.6 billion and 1.7 billion euros."))
        #expect(earlier("They had initially expected net profit to decline 6.2% for the year."))
        #expect(!earlier("The company projected net income of 1.9 billion euros for the year."))
        #expect(!earlier("Net income rose 12% to 1.9 billion euros, more than it had projected."))
        let text = """
            Veltro Group raises its outlook

            Veltro Group now expects net income of 1.9 billion euros for the year. Earlier, it had projected net \
            income between 1.615 billion and 1.675 billion euros.
            """
        let facts = try Self.facts(text).filter { $0.metric == .netIncome }
        #expect(facts.contains { $0.value == 1.9e9 }, "\(facts)")
        #expect(!facts.contains { $0.evidence.hasPrefix("Earlier") }, "\(facts)")
    }

    @Test("a second percent joined by 'or' to a fall ('down 3%, or 6% excluding currency') falls too")
    func listedChangeKeepsItsDirection() throws {
        let reading = Self.reading("Revenue of £5,122m, down 3%, or 6% excluding foreign exchange movements.")
        #expect(reading.listedDirection(2) == true)
        #expect(reading.listedDirection(1) == nil)
        let facts = try Self.facts(
            """
            Kestrel Telecom results

            Kestrel Telecom reported results.

            -Revenue of £5,122m, down 3%, or 6% excluding foreign exchange movements and acquisitions
            """)
        #expect(!facts.contains { $0.metric == .growth && $0.value == 0.06 }, "\(facts)")
    }

    @Test("the growth of earnings per share or of an audience is no fact; a metric's growth beside it is")
    func growthOfNoMetric() throws {
        func grows(_ text: String) -> Bool {
            Self.on(.percent, in: text, last: true) { FactModel.growsNoMetric($0, quantity: $1) }
        }
        #expect(grows("EPS-diluted $ 2.56 $ 1.69 $ 0.87 51.5 %"))
        #expect(grows("Diluted earnings per share rose 12%."))
        #expect(grows("Revenue: €1.2B (+10%) - Subscribers: 76M (+12%)"))
        #expect(grows("The group delivered 46,140 vehicles, an increase of 83%, while production rose 86%."))
        #expect(grows("Underlying sales growth of 3.4%, with volume growth of 1.5%"))
        #expect(!grows("Organic revenue, which strips out the impact of acquisitions, rose 13% in the quarter."))
        #expect(!grows("Revenue: €1.2B (+10%)"))
        #expect(!grows("Net income rose 12% to $410 million."))
        let facts = try Self.facts(
            """
            Larkmoor Media second-quarter results

            Larkmoor Media Q2 results - Revenue: €1.2B (+10%) - Subscribers: 76M (+12%) - MAUs: 196M (+11%)
            """)
        #expect(!facts.contains { $0.metric == .growth && ($0.value == 0.12 || $0.value == 0.11) }, "\(facts)")
    }

    @Test("a region's part of a market is no company's share; a company's share in a region is")
    func regionShares() {
        func region(_ text: String, last: Bool = false) -> Bool {
            Self.on(.percent, in: text, last: last) { FactModel.isRegionShare($0, quantity: $1) }
        }
        #expect(region("It was followed by EMEA, which represented 23% of the market.", last: true))
        #expect(region("Kestrel held the lead, compared with 18% for APAC.", last: true))
        #expect(region("North America dominated the widget market with a market share of 38.2% in 2025."))
        #expect(!region("Kestrel's market share in China rose to an all-time high of 33.5 percent."))
        #expect(!region("Marlow had a China market share of 17.5% for electric buses."))
    }
}
