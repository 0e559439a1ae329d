import Testing

@testable import FactwireExtract

/// Fixture sentences written for the project (fictional companies, so nothing relies on a list of names).
@Suite("Fact extractor")
struct FactExtractorTests {
    static func facts(_ text: String) -> [Fact] {
        FactExtractor().facts(in: PlainTextNormalizer().normalize(text))
    }

    static func key(_ fact: Fact) -> String {
        let metric =
            fact.metric == .growth
            ? "growth:\(fact.growthOf ?? "")"
            : fact.metric == .other ? "other:\(fact.metricDetail ?? "")" : fact.metric.rawValue
        return "\(fact.company ?? "-")|\(metric)|\(fact.value)|\(fact.unit)"
    }

    static func keys(_ text: String) -> Set<String> { Set(facts(text).filter { $0.derived != true }.map(key)) }

    @Test("a share of revenue spent on R&D gives revenue, the share and a derived R&D spend — and nothing else")
    func shareOfRevenue() throws {
        let found = Self.facts(
            "She said that Orlen Dynamics spends over 12 percent of its US$30 billion revenue on R&D.")
        #expect(
            Set(found.filter { $0.derived != true }.map(Self.key)) == [
                "Orlen Dynamics|rd_share_of_revenue|0.12|percent", "Orlen Dynamics|revenue|30000000000.0|USD"
            ])
        let share = try #require(found.first { $0.metric == .rdShareOfRevenue })
        #expect(share.qualifier == .over)
        let derived = try #require(found.first { $0.derived == true })
        #expect(derived.metric == .rdSpend && derived.value == 3.6e9 && derived.unit == "USD")
        #expect(found.count == 3)
    }

    @Test("net profit with its change, in another currency; the period is read")
    func netProfitAndDecline() throws {
        let found = Self.facts(
            "In 2023, Marlow Networks reported a net profit of CNY12.4 billion, a decline of 18.5% year-on-year.")
        #expect(
            Set(found.map(Self.key)) == [
                "Marlow Networks|net_income|12400000000.0|CNY", "Marlow Networks|growth:net_income|-0.185|percent"
            ])
        #expect(found.allSatisfy { $0.period == "2023" })
        #expect(found.first { $0.metric == .growth }?.comparison == .yoy)
    }

    @Test("a net loss is a negative net income")
    func loss() {
        #expect(
            Self.keys("Brackett Corp posted a net loss of $250 million in the third quarter.") == [
                "Brackett|net_income|-250000000.0|USD"
            ])
    }

    @Test("an operating loss, before or after its amount, and an amount written 'minus' are negative")
    func operatingLossSigns() {
        let before = Self.keys("Halden Steel posted an operating loss of 2.3 trillion won in the fourth quarter.")
        #expect(before == ["Halden Steel|operating_profit|-2300000000000.0|KRW"], "\(before)")
        let after = Self.keys(
            "Halden Steel said its operating profit was 512 billion won, recovering from a 2.3 trillion won operating"
                + " loss a year earlier.")
        #expect(after.contains("Halden Steel|operating_profit|512000000000.0|KRW"), "\(after)")
        #expect(after.contains("Halden Steel|operating_profit|-2300000000000.0|KRW"), "\(after)")
        let minus = Self.keys("Halden Steel's EBIT fell to minus 4.7 billion euros in 2025.")
        #expect(minus == ["Halden Steel|operating_profit|-4700000000.0|EUR"], "\(minus)")
    }

    @Test(
        "a bare 'loss' after an operating measure is an operating loss; a net loss, or a loss after net profit, is net")
    func bareLossTakesTheMeasureBefore() {
        let operating = Self.keys(
            "Halden Steel said operating income reached 410.2 billion won in the quarter, compared with a loss of"
                + " 215.6 billion won a year ago.")
        #expect(operating.contains("Halden Steel|operating_profit|-215600000000.0|KRW"), "\(operating)")
        #expect(!operating.contains { $0.contains("net_income") }, "\(operating)")
        let net = Self.keys(
            "Halden Steel said net profit reached 410.2 billion won in the quarter, compared with a loss of 215.6"
                + " billion won a year ago.")
        #expect(net.contains("Halden Steel|net_income|-215600000000.0|KRW"), "\(net)")
        let named = Self.keys(
            "Halden Steel said operating income reached 410.2 billion won, while its net loss was 215.6 billion won.")
        #expect(named.contains("Halden Steel|net_income|-215600000000.0|KRW"), "\(named)")
    }

    @Test("operating profit in won, a sequential change, and a descriptive suffix kept in the name")
    func operatingProfit() throws {
        let found = Self.facts(
            "Hanul Electronics said its operating profit for the second quarter was 3.2 trillion won, up 12% from the previous quarter."
        )
        #expect(
            Set(found.map(Self.key)) == [
                "Hanul Electronics|operating_profit|3200000000000.0|KRW",
                "Hanul Electronics|growth:operating_profit|0.12|percent"
            ])
        #expect(found.first { $0.metric == .growth }?.comparison == .qoq)
        #expect(found.first?.period == "Q2")
    }

    @Test("list lines of shipments and market shares")
    func shipmentsAndShares() {
        let text = """
            In the second quarter, 310 million smartphones were shipped worldwide.

            Pinecrest - 42.5 million units sold with a 13.7% market share

            Veltro - 31.2 million units sold with a 10.1% market share
            """
        let vendors: Set<String> = [
            "Pinecrest|shipments|42500000.0|units", "Pinecrest|market_share|0.137|percent",
            "Veltro|shipments|31200000.0|units", "Veltro|market_share|0.101|percent"
        ]
        #expect(Self.keys(text).isSuperset(of: vendors))
        // The rules also read the passive market total; the shipped model does not keep it (a known gap of
        // the learned decision on market-level counts, see the README's extraction figures).
        let rules = Set(FactExtractor(model: nil).facts(in: PlainTextNormalizer().normalize(text)).map(Self.key))
        #expect(rules == vendors.union(["-|market_size|310000000.0|units"]))
    }

    @Test("headcount is a fact; hires, cuts and staff of one department are not")
    func employees() {
        let text = """
            Corvane Group ended the year with a headcount of 48,200 employees. It plans to hire 3,000 new employees next year \
            and R&D staff increased 6% to 9,000.
            """
        #expect(Self.keys(text) == ["Corvane|employees|48200.0|people"])
    }

    @Test("Indian grouping and crore with a rise in revenue")
    func indianRevenue() {
        #expect(
            Self.keys("Vantara Infotech reported a 7.2 per cent rise in revenue to Rs 9,450 crore.")
                == ["Vantara Infotech|growth:revenue|0.072|percent", "Vantara Infotech|revenue|94500000000.0|INR"])
    }

    @Test(
        "not facts: EPS, dividends, share prices, margins, percentage points, costs, analyst estimates",
        arguments: [
            "Talbot Inc said earnings per share were $1.25 and the board declared a dividend of $0.40 per share.",
            "Shares of Talbot Inc fell 3% to $45.20 apiece.",
            "Talbot Inc said its operating margin was 18.5%, up from 17.1%.",
            "Talbot Inc gained 2 percentage points of market share.",
            "Talbot Inc will cut 1,200 jobs at a cost of $300 million.",
            "Analysts polled by a data firm had expected Talbot Inc revenue of $5.1 billion.",
            "The Talbot laptop weighs 2.7 pounds and is thinner than 15mm, with a 13.5-inch screen."
        ])
    func nonFacts(_ sentence: String) {
        #expect(Self.facts(sentence).isEmpty, "\(Self.facts(sentence).map(Self.key))")
    }

    @Test("a conversion in parentheses is an alternative of the same fact, not a second one")
    func conversion() throws {
        let found = Self.facts(
            "Ostrava Telecom said its R&D investment increased 9% to CNY20 billion ($2.8 billion) in 2022.")
        #expect(
            Set(found.map(Self.key)) == [
                "Ostrava Telecom|growth:rd_spend|0.09|percent", "Ostrava Telecom|rd_spend|20000000000.0|CNY"
            ])
        let spend = try #require(found.first { $0.metric == .rdSpend })
        #expect(spend.alternatives == [Fact.Alternative(value: 2.8e9, unit: "USD")])
    }

    @Test("a conversion the model keeps when it drops the figure before it stands for that figure, in its currency")
    func conversionOfAnUnkeptFigure() throws {
        // The list of titles between the subject and the figure weakens the dollar amount; the euro amount
        // in parentheses, read on its own, is kept. The pair is one figure: dollars first, euros as the alternative.
        let found = Self.facts(
            "Kestrel, which makes shows such as Blue Harbor and Night Lines, said revenue rose to $2.31 billion "
                + "(€2.10bn) in the second quarter ended June 30.")
        let revenue = try #require(found.first { $0.metric == .revenue }, "\(found.map(Self.key))")
        #expect(found.filter { $0.metric == .revenue }.count == 1, "\(found.map(Self.key))")
        #expect(revenue.company == "Kestrel" && revenue.value == 2.31e9 && revenue.unit == "USD")
        #expect(revenue.alternatives == [Fact.Alternative(value: 2.1e9, unit: "EUR")])
    }

    @Test("'the Chinese vendor', 'it' and 'its' resolve to the company the text is about")
    func coreference() {
        let text = """
            Ferncliff Technologies has expanded in Europe. Analysts at Dunmore Research say demand is strong.

            The Chinese vendor also reported annual revenues of CNY64 billion. Its net profit fell 4% to CNY5 billion.
            """
        #expect(
            Self.keys(text) == [
                "Ferncliff Technologies|revenue|64000000000.0|CNY",
                "Ferncliff Technologies|growth:net_income|-0.04|percent",
                "Ferncliff Technologies|net_income|5000000000.0|CNY"
            ])
    }

    @Test("'respectively' pairs amounts with their cues in order; segment revenue is skipped")
    func respectivelyAndSegments() {
        let text = """
            Quillfeather AG said orders and revenue were €12.1 billion and €10.4 billion, respectively. \
            Its enterprise business revenue climbed 30% to €3 billion.
            """
        #expect(Self.keys(text) == ["Quillfeather|revenue|10400000000.0|EUR"])
    }

    @Test("the amounts that 'respectively' closes are those joined by commas and 'and' right before it")
    func respectiveList() {
        let reading =
            ReadSentence(
                scalars: Array(
                    "Orders were €9 billion; revenue was €12.1 billion and €10.4 billion, respectively.".unicodeScalars),
                offset: 0
            ).reading
        #expect(reading.respectiveList(0) == nil)
        #expect(reading.respectiveList(1) == 1...2)
        #expect(reading.respectiveList(2) == 1...2)
    }

    @Test("a forecast range, and adjusted EBITDA as 'other' with its change")
    func forecastAndOther() throws {
        let text = """
            Kestrel Group PLC reported that adjusted EBITDA was 2.1 billion pounds for the year, down 3%. \
            For 2025, the company projects revenue growth of 4-6 percent.
            """
        let found = Self.facts(text)
        #expect(
            Set(found.map(Self.key)) == [
                "Kestrel|other:ebitda_adjusted|2100000000.0|GBP", "Kestrel|growth:ebitda_adjusted|-0.03|percent",
                "Kestrel|growth:revenue|0.05|percent"
            ])
        let forecast = try #require(found.first { $0.growthOf == "revenue" })
        #expect(forecast.status == .forecast && forecast.qualifier == .range && forecast.range == [0.04, 0.06])
    }

    @Test("a results table: the current and prior amounts and their change")
    func table() {
        let text = """
            Harrow Networks reported its results.

                                       Q3 2024          Q3 2023        Change
            Net Sales                $   12.9 billion $   12.1 billion             6.6 %
            Net Income               $    2.8 billion $    3.0 billion            (6.7)%
            """
        #expect(
            Self.keys(text) == [
                "Harrow Networks|revenue|12900000000.0|USD", "Harrow Networks|revenue|12100000000.0|USD",
                "Harrow Networks|growth:revenue|0.066|percent", "Harrow Networks|net_income|2800000000.0|USD",
                "Harrow Networks|net_income|3000000000.0|USD", "Harrow Networks|growth:net_income|-0.067|percent"
            ])
    }

    @Test("a capitalised common noun starting a sentence ('Competition from…', 'Demand for…') is not a company")
    func sentenceInitialNouns() {
        let text = """
            Larkspur Networks reported revenue of $5 billion for the year.

            Competition from cheaper rivals pushed its revenue down 3% in Europe. Demand for routers stayed strong.
            """
        #expect(
            Self.keys(text) == [
                "Larkspur Networks|revenue|5000000000.0|USD", "Larkspur Networks|growth:revenue|-0.03|percent"
            ])
    }

    @Test("evidence offsets point at the sentence in the body")
    func evidenceOffsets() throws {
        let article = PlainTextNormalizer().normalize(
            "Intro paragraph without figures.\n\nBrackett Corp posted revenue of $4 billion.")
        let fact = try #require(FactExtractor().facts(in: article).first)
        let body = Array(article.body.unicodeScalars)
        #expect(String(String.UnicodeScalarView(body[fact.evidenceStart..<fact.evidenceEnd])) == fact.evidence)
    }
}
