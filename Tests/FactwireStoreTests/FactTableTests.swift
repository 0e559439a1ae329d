import FactwireCore
import Testing

@testable import FactwireStore

/// The text forms a person reads at a terminal (`factwire facts`, the ingest summary, the demo).
@Suite("Fact tables")
struct FactTableTests {
    static func fact(company: String?, metric: String = "revenue", value: Double, derived: Bool = false) -> FactRecord {
        FactRecord(
            id: 1, company: company, metric: metric, growthOf: nil, metricDetail: nil, value: value, unit: "USD",
            qualifier: "exact", range: nil, period: "Q2", status: "actual", derived: derived, published: "2026-03-02",
            articleID: 4, articleTitle: nil, evidence: "", evidenceStart: 0, evidenceEnd: 0)
    }

    @Test("columns line up, large values are grouped, a derived fact is starred and explained")
    func alignedAndGrouped() {
        let lines = FactRecord.table([
            Self.fact(company: "Kestrel Systems", value: 40_000_000_000),
            Self.fact(company: nil, value: 0.125, derived: true)
        ])
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("company          metric"))
        #expect(lines[1].contains("40,000,000,000"))
        #expect(lines[2].hasPrefix("(market)         revenue"))
        #expect(lines[2].contains("exact*"))
        #expect(lines[3].hasPrefix("* derived"))
        #expect(FactRecord.table([]) == ["(no facts)"])
    }

    @Test("over-long cells are cut with an ellipsis at the chosen end; the last column is never cut")
    func cutting() {
        let long = String(repeating: "x", count: 50)
        let table = TextTable(
            header: ["file", "note"], rows: [["/data/" + long, long]], maximumWidth: 10, cutAtStart: [0])
        #expect(table.lines[1] == "…xxxxxxxxx  " + long)
        let names = TextTable(rows: [["Lindqvist Marlow Holdings", "1"]], maximumWidth: 10)
        #expect(names.lines == ["Lindqvist…  1"])
    }

    @Test("numbers: grouped in threes with a sign, fractions and huge values as they are")
    func numbers() {
        #expect(NumberText.grouped(1_234_567) == "1,234,567")
        #expect(NumberText.grouped(-1000) == "-1,000")
        #expect(NumberText.grouped(999) == "999")
        #expect(NumberText.grouped(0.25) == "0.25")
        #expect(NumberText.grouped(3e20) == "3e+20")
    }
}
