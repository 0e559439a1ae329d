import FactwireExtract
import Foundation
import Testing

/// The extractor with its shipped model, on articles written for the project (fictional companies).
@Suite("Learned extraction")
struct LearnedExtractionTests {
    static func extraction(_ text: String) throws -> Extraction {
        try #require(try Extraction.extract(Array(text.utf8), mediaType: .plainText).first)
    }

    @Test("the shipped model loads and is used by default")
    func shippedModel() throws {
        let model = try #require(FactModel.shipped, "FactModelWeights.swift does not hold a readable model")
        #expect(model.serialized().hasPrefix("factwire-fact-model 1\n"))
        // Reading back what it writes gives the same model.
        #expect(try FactModel(serialized: model.serialized()).serialized() == model.serialized())
    }

    @Test("a short form of a company named earlier is the same company, and its alias")
    func shortFormAlias() throws {
        let result = try Self.extraction(
            """
            Quillon Robotics AG said on Tuesday that its revenue rose 8 percent to 412 million euros in 2024.

            Quillon employs 2,300 people at four plants, the company said.
            """)
        #expect(!result.facts.isEmpty)
        #expect(result.facts.allSatisfy { $0.company == "Quillon Robotics" })
        #expect(result.companies == ["Quillon Robotics"])
        #expect(result.aliases["Quillon"] == "Quillon Robotics")
    }

    @Test("subscribers, users and customers are an audience: no shipments, no headcount")
    func audienceCounts() throws {
        let result = try Self.extraction(
            """
            Larkmoor Media Inc added 3.4 million subscribers in the second quarter and now has 61 million paying \
            customers. Larkmoor shipped 2.2 million units of its streaming stick in the quarter.
            """)
        for value in [3.4e6, 61e6] {
            #expect(!result.facts.contains { $0.value == value }, "\(value): \(result.facts)")
        }
        #expect(result.facts.contains { $0.value == 2.2e6 && $0.metric == .shipments }, "\(result.facts)")
    }

    @Test("a share 'up from' an earlier share is that share a year before, not a growth rate")
    func priorShare() throws {
        let result = try Self.extraction(
            """
            Fenwick Instruments Inc spent 11 percent of its revenue on research and development in 2024, up from 9 percent \
            a year earlier.
            """)
        let shares = result.facts.filter { $0.metric == .rdShareOfRevenue }
        #expect(Set(shares.map(\.value)) == [0.11, 0.09])
        #expect(shares.first { $0.value == 0.09 }?.period == "2023")
        #expect(!result.facts.contains { $0.metric == .growth })
    }

    @Test("a dateline gives the publication date; 'last year' is the year before it")
    func datelineAndLastYear() throws {
        let result = try Self.extraction(
            """
            BERLIN, March 4, 2025 — Quillon Robotics AG said its net profit rose to 38 million euros last year.
            """)
        #expect(result.article.published == "2025-03-04")
        let profit = try #require(result.facts.first { $0.metric == .netIncome })
        #expect(profit.period == "2024")
    }

    @Test(
        "impossible calendar dates are no dates",
        arguments: [
            ("2024-02-30", nil), ("2023-02-29", nil), ("2024-02-29", "2024-02-29"), ("2024-04-31", nil),
            ("2024-12-31", "2024-12-31")
        ] as [(String, String?)])
    func calendarDates(_ date: String, _ expected: String?) throws {
        let json =
            #"{"title": "Results", "body": "Fenwick Instruments reported revenue of $2 billion.", "published_at": "\#(date)"}"#
        let article = try #require(try ArticleReader.read(Array(json.utf8), mediaType: .json).first).article
        #expect(article.published == expected)
        let text = try #require(
            try ArticleReader.read(
                Array("Results\n\n\(date)\n\nFenwick Instruments reported revenue of $2 billion.".utf8),
                mediaType: .plainText
            ).first
        ).article
        #expect(text.published == expected)
    }

    @Test("extraction stops between sentences once cancelled")
    func cancellation() throws {
        let cancellation = ExtractionCancellation()
        cancellation.cancel()
        #expect(throws: ExtractionCancelled.self) {
            _ = try Extraction.extract(
                Array("Fenwick Instruments reported revenue of $2 billion.".utf8), mediaType: .plainText,
                model: FactModel.shipped, cancellation: cancellation)
        }
    }
}
