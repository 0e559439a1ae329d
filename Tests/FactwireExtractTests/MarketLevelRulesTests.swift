import Foundation
import Testing

@testable import FactwireExtract

/// What the rules settle after the learned model has decided: sources and totals are the market's, "Others"
/// rows are no one's, change columns are growth, "respectively" pairs in order, share prices are no figures.
/// Articles written for the project (fictional companies).
@Suite("Market-level and table rules")
struct MarketLevelRulesTests {
    static let article = """
        Tablet makers had a weak spring

        Worldwide tablet shipments fell 8.4% to 31.2 million units in the second quarter, research firm Canalys said.

        Vendor | Q2 2025 Shipments | Q2 2025 Share | Q2 2024 Shipments | Q2 2024 Share | YoY Change
        Pinecrest | 11.9 | 38.1% | 12.6 | 37.0% | -5.6%
        Veltro | 7.4 | 23.7% | 6.9 | 20.3% | 7.2%
        Others | 11.9 | 38.2% | 14.5 | 42.7% | -17.9%
        Total | 31.2 | 100.0% | 34.0 | 100.0% | -8.4%

        Marlow Systems S.A. said its revenue rose 6% to $4.1 billion. Marlow shares closed at 512,000 won in Seoul.
        """

    static func facts() throws -> [Fact] {
        try #require(try Extraction.extract(Array(article.utf8), mediaType: .plainText).first).facts
    }

    @Test("a research firm cited for a figure is never its company")
    func sourcesAreNotCompanies() throws {
        #expect(try Self.facts().allSatisfy { $0.company != "Canalys" })
    }

    @Test("an 'Others' row gives no facts; a 'Total' row gives the market's size and growth, with no company")
    func othersAndTotalRows() throws {
        let facts = try Self.facts()
        #expect(!facts.contains { $0.evidence.hasPrefix("Others |") })
        let total = facts.filter { $0.evidence.hasPrefix("Total |") }
        #expect(!total.isEmpty)
        for fact in total {
            #expect(fact.company == nil)
            #expect(fact.metric == .marketSize || fact.metric == .growth && fact.growthOf == "market_size")
        }
    }

    @Test("a percent under a 'YoY Change' header is the growth of what the other columns count")
    func changeColumn() throws {
        let change = try #require(try Self.facts().first { $0.evidence.hasPrefix("Pinecrest |") && $0.value == -0.056 })
        #expect(change.metric == .growth)
        #expect(change.growthOf == "shipments")
        #expect(change.company == "Pinecrest")
    }

    @Test("a legal suffix the tokens split ('S.A.') is not part of the name")
    func dottedLegalSuffix() throws {
        let facts = try Self.facts()
        #expect(facts.contains { $0.company?.hasPrefix("Marlow") == true })
        #expect(!facts.contains { $0.company?.hasSuffix(" S") == true })
    }

    @Test("a share price in won is no company figure")
    func sharePriceInWon() throws {
        #expect(try !Self.facts().contains { $0.unit == "KRW" })
    }

    @Test("'respectively' pairs the n-th company with the n-th figure of its kind")
    func respectively() throws {
        let text = """
            Tablets: Pinecrest, Veltro and Marlow Systems held market shares of 38%, 24% and 9% in the quarter, respectively.
            """
        let facts = try #require(try Extraction.extract(Array(text.utf8), mediaType: .plainText).first).facts
        let shares = facts.filter { $0.metric == .marketShare }
        #expect(!shares.isEmpty)
        for share in shares {
            // "Systems" describes the business and stays in the name; a legal suffix ("Inc") would go.
            let expected = [0.38: "Pinecrest", 0.24: "Veltro", 0.09: "Marlow Systems"][share.value]
            #expect(share.company == expected, "\(share.value)")
        }
    }

    @Test("a business line's figure is not the company's: 'revenue from …', 'revenue in <region>', a labelled line")
    func segments() throws {
        let text = """
            Harrow Networks reported quarterly revenue of $6.2 billion, up 9% from a year earlier.

            Revenue from its cloud software unit rose 21% to $1.4 billion, while revenue in Europe fell 3% to $900 million.

            Consumer Devices: third-quarter revenue was $2.1 billion, down 4% from a year ago.
            """
        let facts = try #require(try Extraction.extract(Array(text.utf8), mediaType: .plainText).first).facts
        #expect(facts.contains { $0.metric == .revenue && $0.value == 6.2e9 })
        for segment in [1.4e9, 900e6, 2.1e9] {
            #expect(!facts.contains { $0.value == segment }, "\(segment)")
        }
    }

    @Test("what analysts expected is not what the company reported")
    func expectations() throws {
        let text = """
            Harrow Networks said revenue rose 9% to $6.2 billion, beating analysts' expectations of $5.9 billion.
            """
        let facts = try #require(try Extraction.extract(Array(text.utf8), mediaType: .plainText).first).facts
        #expect(facts.contains { $0.metric == .revenue && $0.value == 6.2e9 })
        #expect(!facts.contains { $0.value == 5.9e9 })
    }

    @Test("a table row's label is its company even when written in lower case")
    func lowerCaseRowLabel() throws {
        let text = """
            Smartphone shipments in the region, according to a research firm:

            Vendor | Q3 2025 Shipments | Q3 2025 Share | Q3 2024 Shipments | Q3 2024 Share
            Pinecrest | 4.1 | 18% | 3.9 | 17% |
            zelto | 3.2 | 14% | 2.8 | 12% |
            """
        let facts = try #require(try Extraction.extract(Array(text.utf8), mediaType: .plainText).first).facts
        let zelto = facts.filter { $0.evidence.hasPrefix("zelto |") }
        #expect(!zelto.isEmpty)
        #expect(zelto.allSatisfy { $0.company == "zelto" })
    }

    @Test(
        "a figure whose subject is a whole market ('global heat pump shipments', 'the overall market', 'the market as a whole') is no company's"
    )
    func marketSubject() throws {
        let text = """
            Per Harbor Weekly, global heat pump shipments slipped 3.1% to 41.2 million units in 2025.

            Brightline, a unit of Halden Insight, estimates that global widget industry revenue climbed 2.2% in the second quarter to US$9.4 billion.

            Global cargo drone sales have grown by 44 percent since January, an industry body said.

            Kestrel topped the smart speaker rankings in Q3 while Marlow slipped to third, as the overall market grew 12.4 per cent.

            Veltro gained ground in e-readers. The market as a whole grew by 17.5%.

            Kestrel's worldwide revenue rose 8% to $3.1 billion. Pinecrest held 21 percent of global tablet sales, up from 19 percent.
            """
        let facts = try #require(try Extraction.extract(Array(text.utf8), mediaType: .plainText).first).facts
        func market(_ metric: Fact.Metric, _ value: Double) -> Bool {
            facts.contains { $0.company == nil && $0.metric == metric && abs($0.value - value) < 1e-9 }
        }
        for (metric, value) in [
            (Fact.Metric.marketSize, 41.2e6), (.growth, -0.031), (.marketSize, 9.4e9), (.growth, 0.022),
            (.growth, 0.44), (.growth, 0.124), (.growth, 0.175)
        ] {
            #expect(market(metric, value), "\(metric) \(value) is the market's")
        }
        #expect(!facts.contains { ["Harbor Weekly", "Brightline", "Halden Insight", "Marlow"].contains($0.company) })
        // A company's own worldwide figures stay its own; a share's earlier level is no market growth.
        #expect(facts.contains { $0.company == "Kestrel" && $0.metric == .revenue && $0.value == 3.1e9 })
        #expect(!market(.growth, 0.08))
        #expect(!facts.contains { $0.company == nil && $0.value == 0.19 })
    }

    @Test("a country's market as the subject is the market's; a company described by its country is not")
    func regionMarkets() throws {
        func market(_ text: String) -> Bool {
            let article = PlainTextNormalizer().normalize("Phone markets\n\nThe research firm reported.\n\n" + text)
            let context = FactExtractor(model: nil).context(for: article)
            guard let sentence = context.sentences.first(where: { !$0.reading.quantities.isEmpty }) else {
                return false
            }
            return FactModel.isRegionMarket(sentence, quantity: 0)
        }
        #expect(market("Brazil shipped 12 million smartphones in the third quarter, the research firm said."))
        #expect(market("Japan's tablet shipments fell 7% in the quarter."))
        #expect(market("Tablet shipments throughout Latin America reached 6.1 million units."))
        #expect(!market("Norway's largest ferry operator said its sales climbed by 12.4 percent."))
        #expect(!market("Kestrel shipped 12 million smartphones in Brazil."))
        #expect(!market("Sales in China rose 12% in the quarter."))
    }
}
