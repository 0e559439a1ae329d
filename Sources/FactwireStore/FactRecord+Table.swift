import FactwireCore

extension FactRecord {
    /// What a table shows in its metric column: "growth:revenue", "other:ebitda", "revenue".
    public var metricLabel: String { (growthOf ?? metricDetail).map { "\(metric):\($0)" } ?? metric }

    /// `factwire facts` as a table: company, metric, value, unit, qualifier (* derived), period, published.
    public static func table(_ records: [FactRecord]) -> [String] {
        guard !records.isEmpty else { return ["(no facts)"] }
        let rows = records.map { fact in
            [
                fact.company ?? "(market)", fact.metricLabel, NumberText.grouped(fact.value), fact.unit,
                fact.qualifier + (fact.derived ? "*" : ""), fact.period ?? "-", fact.published ?? "-"
            ]
        }
        let header = ["company", "metric", "value", "unit", "qualifier", "period", "published"]
        let footnote =
            records.contains(where: \.derived) ? ["* derived from other facts, not stated in the text"] : []
        return TextTable(header: header, rows: rows).lines + footnote
    }
}
