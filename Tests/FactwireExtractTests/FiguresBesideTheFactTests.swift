import Foundation
import Testing

@testable import FactwireExtract

/// Figures that stand beside a fact without being one: the round line a result crossed ("passed 4 trillion won"),
/// the level a change started from ("down from 17 percent"), the analysts' estimate a result is set against; and the
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
        #expect(milestone("Halden Steel expects operating profit passing 4 trillion won for the first time."))
        #expect(milestone("Quarterly revenue exceeded two trillion won."))
        #expect(milestone("Sales were back in the 30 trillion won range."))
        #expect(milestone("Orders topped the $2 billion mark."))
        // The figure itself: precise, or not governed by a verb of crossing.
        #expect(!milestone("Revenue surpassed $3.486 billion in the quarter."))
        #expect(!milestone("Operating profit was 4 trillion won."))
        #expect(!milestone("Revenue rose to $3 billion."))
    }

    @Test("the shipped model reports the precise figure and leaves the milestone it crossed")
    func milestoneIsNoFact() throws {
        let text = """
            Halden Steel posts record profit

            Halden Steel said on Thursday that its operating profit reached 4.26 trillion won in the third quarter, \
            passing 4 trillion won for the first time.
            """
        let values = try Self.facts(text).filter { $0.metric == .operatingProfit }.map(\.value)
        #expect(values.contains(4.26e12), "\(values)")
        #expect(!values.contains(4e12), "\(values)")
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
        #expect(falls("Pinecrest revenue plunges 41%") == true)
        #expect(falls("Marlow profit tumbles 12 percent on weak demand") == true)
        #expect(falls("Veltro sales climbs 9% in the quarter") == false)
    }

    @Test("a result 'in line with analysts' estimates' is the company's; the estimate after 'above analysts'' is not")
    func analystsAsYardstick() throws {
        let text = """
            Kestrel Foods results

            Kestrel Foods on Thursday reported a 6.3% jump in its net profit to Rs 1,842.30 crore, in line with \
            analysts' estimates.
            """
        let facts = try Self.facts(text)
        #expect(facts.contains { $0.metric == .netIncome && $0.value == 18_423e6 }, "\(facts)")
        // The clause's figure after the analysts' word is theirs; a clause of analysts alone stays theirs.
        let compared = Self.reading("Net income rose to $812 million, above analysts' estimates for $790 million.")
        #expect(!compared.isAnalystEstimate(compared.quantityTokens[0]))
        #expect(compared.isAnalystEstimate(compared.quantityTokens[1]))
        let theirs = Self.reading("Analysts had expected net income of $790 million.")
        #expect(theirs.isAnalystEstimate(theirs.quantityTokens[0]))
    }

    @Test("a result set against the amount analysts expected, named after it, is the company's and actual")
    func resultBeforeTheForecast() throws {
        let sentence = "Kestrel's revenue rose to $4.1 billion, beating the $3.9 billion analysts expected."
        let reading = Self.reading(sentence)
        // The result is no analysts' figure and no expectation; theirs is an expectation.
        #expect(!reading.isAnalystEstimate(reading.quantityTokens[0]))
        #expect(!FactModel.isExpectation(reading, quantity: 0) && FactModel.isExpectation(reading, quantity: 1))
        #expect(reading.status(of: 0) == .actual && reading.status(of: 1) == .expected)
        let facts = try Self.facts("Kestrel results\n\n" + sentence)
        #expect(
            facts.contains {
                $0.metric == .revenue && $0.value == 4.1e9 && $0.status == .actual && $0.company == "Kestrel"
            },
            "\(facts)")
        #expect(!facts.contains { $0.value == 3.9e9 }, "\(facts)")
        // A forecast stays one when the comparison follows it.
        let forecast = Self.reading(
            "Kestrel expects revenue of $4.5 billion, above the $4.2 billion analysts forecast.")
        #expect(forecast.status(of: 0) == .forecast)
    }

    @Test("a figure led to by 'with' or 'reporting' after the estimates it beat is the company's result")
    func resultAfterTheBeatenEstimate() throws {
        for sentence in [
            "Tallis Corp beat analysts' estimates with revenue of $3.1 billion.",
            "Tallis Corp missed expectations, reporting revenue of $3.1 billion.",
            "Tallis beat the consensus with revenue of $3.1 billion against the $3.0 billion analysts expected."
        ] {
            let reading = Self.reading(sentence)
            #expect(!reading.isAnalystEstimate(reading.quantityTokens[0]), "\(sentence)")
            #expect(!FactModel.isExpectation(reading, quantity: 0), "\(sentence)")
            #expect(reading.status(of: 0) == .actual, "\(sentence)")
            let facts = try Self.facts("Tallis results\n\n" + sentence)
            #expect(
                facts.contains { $0.metric == .revenue && $0.value == 3.1e9 && $0.status == .actual },
                "\(sentence): \(facts)")
            #expect(!facts.contains { $0.value == 3.0e9 }, "\(sentence): \(facts)")
        }
        // The analysts' own figure after the estimates stays theirs.
        let theirs = Self.reading("Tallis Corp beat analysts' estimates of $3.0 billion.")
        #expect(theirs.isAnalystEstimate(theirs.quantityTokens[0]) || FactModel.isExpectation(theirs, quantity: 0))
    }

    @Test("an amount named an expectation ('analysts' €2.9 billion expectation', '$40 million expected') is theirs")
    func expectationsAfterTheAmount() {
        func expectation(_ text: String) -> Bool {
            Self.on(.money, in: text, last: true) { FactModel.isExpectation($0, quantity: $1) }
        }
        #expect(expectation("Kestrel projects revenue of €2.7 billion, below the €2.9 billion expectation."))
        #expect(expectation("Revenue came in at $1.2 billion against $1.1 billion expected."))
        #expect(expectation("Revenues fell 8.4% year/year to $3.42 bln vs the $3.10 bln FactSet consensus."))
        #expect(!expectation("Revenue rose to $3.42 bln vs $3.0 bln a year earlier."))
        #expect(!expectation("Kestrel projects revenue of €2.7 billion for the third quarter."))
        // "estimates" before the amount: analysts' when a noun ("estimates of €3 billion"), the company's own
        // when a verb after its subject.
        #expect(expectation("Sales beat estimates of €3.1 billion."))
        #expect(!expectation("For the winter half we estimate bookings at €3.4 billion, Pinecrest wrote."))
        #expect(!expectation("Marlow's management estimates annual turnover at $918 million."))
    }

    @Test("a group's total, and the group's earlier total it is compared with, are no company's")
    func groupTotals() {
        func groupTotal(_ text: String, _ index: Int) -> Bool {
            FactModel.isGroupTotal(Self.reading(text), quantity: index)
        }
        let compared =
            "Sales of the ten largest widget makers in the region came to €41.72 billion in the spring, compared with €39.25 billion in the winter."
        #expect(groupTotal(compared, 0))
        #expect(groupTotal(compared, 1))
        // A name between the amounts makes the later one that company's.
        let named =
            "Sales of the ten largest widget makers in the region came to €41.72 billion in the spring, and Kestrel alone took €9.3 billion."
        #expect(groupTotal(named, 0))
        #expect(!groupTotal(named, 1))
        // "among the top …" places one company in the group, unless the group's total follows.
        #expect(
            groupTotal("Among the eight biggest toolmakers, laboratory budgets summed to a total of €27.4 billion.", 0))
        #expect(!groupTotal("Kestrel, among the top five vendors, shipped 4.2 million units.", 0))
        // … or unless the phrase opens the sentence and no name follows it.
        #expect(groupTotal("Among the four leading toolmakers polled, order intake came to €9.6 billion.", 0))
        #expect(!groupTotal("Among the four leading toolmakers polled, Halden took orders of €2.6 billion.", 0))
    }

    @Test("an amount named by a measure of its own (pre-tax profit, EBITDA, gross profit) is that measure")
    func namedMeasures() {
        func named(_ text: String) -> String? { FactModel.namedMeasure(Self.reading(text), quantity: 1) }
        #expect(
            named("Halden booked 4% more, and its adjusted profit before tax came to €2.81 billion.")
                == "other:profit_before_tax_adjusted")
        #expect(named("Veltro added 5% and its EBITDA for the half was €640 million.") == "other:ebitda")
        #expect(named("Veltro added 5% and its net income for the half was €640 million.") == nil)
    }

    @Test("a forecast in the past perfect ('it had projected net income of …') was replaced; the new one stands")
    func earlierForecasts() throws {
        func earlier(_ text: String) -> Bool {
            let reading = Self.reading(text)
            return reading.isEarlierForecast(reading.quantityTokens[0])
        }
        #expect(earlier("Earlier, it had projected net income of between 2.3 billion and 2.5 billion euros."))
        #expect(earlier("They had initially expected net profit to decline 3.8% for the year."))
        #expect(!earlier("The company projected net income of 2.6 billion euros for the year."))
        #expect(!earlier("Net income rose 12% to 2.6 billion euros, more than it had projected."))
        let text = """
            Veltro Group raises its outlook

            Veltro Group now expects net income of 2.6 billion euros for the year. Earlier, it had projected net \
            income between 2.315 billion and 2.475 billion euros.
            """
        let facts = try Self.facts(text).filter { $0.metric == .netIncome }
        #expect(facts.contains { $0.value == 2.6e9 }, "\(facts)")
        #expect(!facts.contains { $0.evidence.hasPrefix("Earlier") }, "\(facts)")
    }

    @Test("a second percent joined by 'or' to a fall ('down 4%, or 2% excluding currency') falls too")
    func listedChangeKeepsItsDirection() throws {
        let reading = Self.reading("Revenue of £3,418m, down 4%, or 2% excluding foreign exchange movements.")
        #expect(reading.listedDirection(2) == true)
        #expect(reading.listedDirection(1) == nil)
        let facts = try Self.facts(
            """
            Kestrel Telecom results

            Kestrel Telecom reported results.

            -Revenue of £3,418m, down 4%, or 2% excluding foreign exchange movements and disposals
            """)
        #expect(!facts.contains { $0.metric == .growth && $0.value == 0.02 }, "\(facts)")
    }

    @Test("the growth of earnings per share or of an audience is no fact; a metric's growth beside it is")
    func growthOfNoMetric() throws {
        func grows(_ text: String) -> Bool {
            Self.on(.percent, in: text, last: true) { FactModel.growsNoMetric($0, quantity: $1) }
        }
        #expect(grows("EPS-diluted $ 3.10 $ 2.40 $ 0.70 29.2 %"))
        #expect(grows("Diluted earnings per share rose 12%."))
        #expect(grows("Revenue: €1.9B (+7%) - Subscribers: 41M (+9%)"))
        #expect(grows("The group delivered 212,400 vehicles, up 9%, while production rose 14%."))
        #expect(grows("Underlying sales growth of 4.1%, with volume growth of 0.8%"))
        #expect(!grows("Organic revenue, which leaves out the effect of acquisitions, rose 7% in the quarter."))
        #expect(!grows("Revenue: €1.9B (+7%)"))
        #expect(!grows("Net income rose 12% to $410 million."))
        let facts = try Self.facts(
            """
            Larkmoor Media second-quarter results

            Larkmoor Media Q2 results - Revenue: €1.9B (+7%) - Subscribers: 41M (+9%) - MAUs: 118M (+6%)
            """)
        #expect(!facts.contains { $0.metric == .growth && ($0.value == 0.09 || $0.value == 0.06) }, "\(facts)")
    }

    @Test("a region's part of a market is no company's share; a company's share in a region is")
    func regionShares() {
        func region(_ text: String, last: Bool = false) -> Bool {
            Self.on(.percent, in: text, last: last) { FactModel.isRegionShare($0, quantity: $1) }
        }
        #expect(region("Next came EMEA, which made up 27% of the market.", last: true))
        #expect(region("Kestrel held the lead, against 14% for APAC.", last: true))
        #expect(region("Latin America led the widget market with a market share of 31.5% in 2025."))
        #expect(!region("Kestrel's market share in Japan climbed to a record 21.7 percent."))
        #expect(!region("Marlow had a Japan market share of 12.9% for electric buses."))
    }

    @Test("a sentence about a part of the revenue ('accounted for 31% of its revenue') gives no revenue of the company")
    func partOfRevenue() throws {
        func part(_ text: String) -> Bool { FactModel.isPartOfRevenue(Self.reading(text)) }
        #expect(part("Cloud, which accounted for 31% of Kestrel's revenue, grew 12% to $4.1 billion."))
        #expect(
            part("Home sales were RMB12.3 billion, representing 61.5% of the group's revenue, while exports slipped."))
        #expect(part("The Americas, contributing 52.4 per cent of total sales, shrank 2 per cent on weaker demand."))
        #expect(part("Services made up about 40% of total sales in the quarter."))
        // R&D intensity, a market's part, or a plain result are not parts of the company's revenue.
        #expect(!part("Kestrel's R&D spending represented about 14% of its sales."))
        #expect(!part("Marlow accounted for 27% of the market."))
        #expect(!part("Veltro's revenue rose 8% to $4.1 billion, its best quarter."))
        let facts = try Self.facts(
            """
            Marlow Group results

            Marlow Group's cloud unit, which accounted for 31% of Marlow's revenue, stood at $4.1 billion, up 12% from \
            a year ago.

            Marlow Group's total revenue rose 6% to $13.2 billion.
            """)
        #expect(!facts.contains { $0.value == 4.1e9 || $0.value == 0.12 })
        #expect(facts.contains { $0.metric == .revenue && $0.value == 13.2e9 })
    }

    @Test("in an article about research spending, an amount invested or a ranked line's amount is R&D spend")
    func researchOutlays() throws {
        let facts = try Self.facts(
            """
            Who spends most on research

            Research and development budgets rose again in 2025, led by carmakers and drugmakers.

            Kestrel Motors comes first, with a budget of €8.1bn for 2025.

            4. Marlow AG ($5.2 billion)

            Every firm spending over €20 million on laboratories and engineers was counted.
            """)
        #expect(facts.contains { $0.company == "Kestrel Motors" && $0.metric == .rdSpend && $0.value == 8.1e9 })
        #expect(facts.contains { $0.company == "Marlow" && $0.metric == .rdSpend && $0.value == 5.2e9 })
        // A bar to clear is no company's outlay.
        #expect(!facts.contains { $0.value == 20e6 })
        func outlay(_ text: String) -> Bool {
            Self.on(.money, in: text) { FactModel.isResearchOutlay($0, quantity: $1, mentions: 1) }
        }
        #expect(outlay("Pinecrest invested roughly $3.9 billion over the year."))
        #expect(!outlay("Kestrel's revenue reached $41 billion, and it spent heavily on research."))
        #expect(
            !outlay("Kestrel acquired Marlow for $8 billion, its biggest buyout, after years of rising investment."))
        // What the money went into, when it is not research, makes it no research outlay; a period is no such thing.
        #expect(!outlay("Kestrel Motors invested $2 billion in a new plant."))
        #expect(outlay("Kestrel Motors invested $2 billion in the first half."))
    }

    @Test(
        "a revised forecast: the amount after 'to' is the new forecast of the measure named, the one after 'from' the old"
    )
    func revisedForecasts() throws {
        let facts = try Self.facts(
            """
            Halden Motors lifts outlook

            Halden Motors now sees group operating profit for the year ending March reaching 3.7 trillion yen: it \
            lifted that forecast to 3.7 trillion yen from 2.9 trillion yen after a strong first half.

            Halden also raised its turnover guidance to 41 trillion yen from 37 trillion yen.
            """)
        #expect(facts.contains { $0.metric == .operatingProfit && $0.value == 3.7e12 })
        #expect(facts.contains { $0.metric == .revenue && $0.value == 41e12 })
        #expect(!facts.contains { $0.value == 2.9e12 || $0.value == 37e12 })
        let reading = Self.reading("Kestrel raised its revenue forecast for the year to $25 billion, from $22 billion.")
        #expect(reading.revisedForecastMetric(0) == .revenue)
        #expect(!reading.isReplacedForecast(0) && reading.isReplacedForecast(1))
        // A result that rose "to" an amount revises no forecast.
        #expect(Self.reading("Kestrel's revenue rose to $25 billion from $22 billion.").revisedForecastMetric(0) == nil)
    }

    @Test("a parent's standalone figures beside consolidated ones are no fact; alone, they are the company's")
    func standaloneFigures() throws {
        let both = try Self.facts(
            """
            Veltro Pharma Q3 profit rises

            Veltro Pharma's consolidated net profit for the December quarter came to Rs 512 crore, it said on Monday.

            The parent's standalone profit, without its overseas units, climbed 19 per cent to Rs 433 crore from Rs 364 \
            crore.
            """)
        #expect(both.contains { $0.metric == .netIncome && $0.value == 5.12e9 })
        #expect(!both.contains { $0.value == 4.33e9 || $0.value == 3.64e9 || $0.value == 0.19 })
        let alone = try Self.facts(
            """
            Veltro Pharma Q3 profit rises

            Veltro Pharma said its standalone net profit for the quarter rose 6.1% from a year ago to Rs 2,210.40 \
            crore.
            """)
        #expect(alone.contains { $0.metric == .netIncome && abs($0.value - 2.2104e10) < 1 })
    }

    @Test("a region's share that the share rules read by its words ('a market share of 41%') stays no fact")
    func regionShareByItsWords() throws {
        let facts = try Self.facts(
            """
            Widget market size report

            The global widget market size was valued at USD 312.40 billion in 2024.

            Latin America came first among the regions, with a market share of 41.22% in 2024.

            Kestrel led the vendors with a market share of 18.5% in 2024.
            """)
        #expect(!facts.contains { $0.value == 0.4122 })
        #expect(facts.contains { $0.company == "Kestrel" && $0.metric == .marketShare && $0.value == 0.185 })
    }

    @Test("a table row of figures with no word of label gives no fact")
    func unlabelledRows() throws {
        #expect(FactModel.isUnlabelled(Self.reading("€5.2bn (4.1)% 1.9% €6.3bn (2.2)% 4.8% €3.9bn 0.4%")))
        #expect(FactModel.isUnlabelled(Self.reading("EUR 4,120 million 3,980 million 3.5%")))
        #expect(!FactModel.isUnlabelled(Self.reading("Turnover €5.2bn (4.1)% 1.9%")))
        #expect(!FactModel.isUnlabelled(Self.reading("1 Kestrel 12,480 11,020 13.2%")))
        let facts = try Self.facts(
            """
            Quillfeather results

            Quillfeather reported turnover of €27.4 billion for the year, down 2.6%.

            Beauty | Foods | Home care
            €5.2bn (4.1)% 1.9% €6.3bn (2.2)% 4.8% €3.9bn 0.4%
            """)
        #expect(!facts.contains { [5.2e9, 6.3e9, 3.9e9, -0.041, 0.019, -0.022, 0.048, 0.004].contains($0.value) })
    }

    @Test("an average over a group of companies is no one company's figure")
    func groupAverages() {
        func average(_ text: String) -> Bool { FactModel.isGroupAverage(Self.reading(text)) }
        #expect(average("Listed toolmakers put 6 percent of sales into research on average."))
        #expect(average("Research budgets climbed 5.8% on average across the sample, faster than sales."))
        #expect(average("The average R&D budget of the top 500 firms was 4.1 percent of sales."))
        // A company's own average price, or prose with no average, stays.
        #expect(!average("Kestrel's revenue rose 6% as average selling prices held up."))
        #expect(!average("Marlow spends 14% of its sales on research, more than most companies."))
        #expect(!average("Kestrel's margin stayed above the industry average, ahead of most companies."))
    }

    @Test(
        "a duty, tariff or levy rate is no figure of the company's; a share or a change after it in its own clause is")
    func levyRates() {
        func levy(_ text: String) -> Bool { Self.on(.percent, in: text, FactModel.isLevyRate) }
        #expect(levy("On Marlow's scooters the import duty comes to 21 per cent."))
        #expect(levy("Brussels set tariffs of up to 35% on the cars Kestrel builds abroad."))
        #expect(!levy("Despite the new tariffs, Kestrel raised its revenue 12%."))
        #expect(!levy("Kestrel holds 18% of the market."))
    }

    @Test("consolidated accounts are a company's measure, never a market's")
    func consolidatedIsACompanys() {
        func consolidated(_ text: String, _ key: String) -> Bool {
            FactModel.isConsolidated(Self.reading(text), key: key)
        }
        #expect(
            consolidated("Partly owned by two groups, the operator said consolidated revenue dropped 4%.", "revenue"))
        #expect(
            consolidated(
                "Partly owned by two groups, the operator said consolidated revenue dropped 4%.", "growth:revenue"))
        #expect(!consolidated("The wider market's revenue dropped 4% to $8.1 billion.", "revenue"))
        #expect(!consolidated("Consolidated industry figures put the market at $8.1 billion.", "market_size"))
    }

    @Test(
        "the amount a share is taken of, when it is the world's ('24.6 percent of the 87.2 million … worldwide'), is the market's"
    )
    func wholeOfShare() {
        func whole(_ text: String) -> Bool { Self.on(.count, in: text, FactModel.isWholeOfShare) }
        #expect(
            whole("At 24.6 percent of the 87.2 million units sold worldwide in the spring, Larkspur stayed ahead."))
        // The company's own total, and an amount that follows no share.
        #expect(
            !Self.on(.money, in: "The cloud unit made up 41% of its $4.2 billion revenue.", FactModel.isWholeOfShare))
        #expect(!whole("Worldwide, Larkspur holds 12% of the market with 9.3 million units sold globally."))
    }

    @Test("more units than every phone sold in a year, or more staff than any employer, is no fact")
    func implausibleCounts() throws {
        let facts = try Self.facts(
            """
            Kestrel results

            Kestrel's quarterly report listed 92 billion handsets shipped, a typing slip for 92 million.
            """)
        #expect(!facts.contains { $0.value == 92e9 })
        let sentence = ReadSentence(scalars: Array("Kestrel employs 61,200 people.".unicodeScalars), offset: 0)
        func plausible(_ metric: Fact.Metric, _ value: Double) -> Bool {
            FactModel.isPlausible(
                Fact(company: "Kestrel", metric: metric, value: value, unit: "units", evidence: ""),
                sentence: sentence, quantity: 0)
        }
        #expect(plausible(.employees, 61_200) && plausible(.shipments, 1.2e9))
        #expect(!plausible(.employees, 6.12e10) && !plausible(.shipments, 9.2e10))
    }
}
