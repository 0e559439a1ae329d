import FactwireStore
import Foundation

extension DashboardPage {
    /// The charts of the company page: title, metric, and the unit the bars are in (amounts in US dollars,
    /// so figures reported in won or yen stand beside those in dollars).
    static let companyCharts: [(title: String, metric: String, unit: String)] = [
        ("Revenue", "revenue", "USD"), ("Operating profit", "operating_profit", "USD"),
        ("Net income", "net_income", "USD"), ("R&D intensity", "rd_share_of_revenue", "percent")
    ]

    /// One company: a chart per metric over its periods, and its figures with their sources, conflicts and
    /// evidence.
    static func company(name: String, figures: [FigureStore.Record], role: Role) -> HTML {
        let charts = companyCharts.map { chart -> HTML in
            let points = series(figures, metric: chart.metric, inUSD: chart.unit == "USD")
            return
                "<figure class=\"chart-figure\">\(SeriesChart.svg(title: chart.title, unit: chart.unit, points: points))</figure>"
        }
        let rows = figures.sorted { ($0.periodEnd ?? "", $0.metric) > ($1.periodEnd ?? "", $1.metric) }.map {
            figure -> HTML in
            let usd: HTML =
                figure.valueConverted.map { "\(DisplayFormat.amount($0, unit: "USD"))" }
                ?? "<span class=\"small\" title=\"\(figure.fxNote ?? "")\">–</span>"
            let evidence = zip(figure.articleIDs, figure.factIDs).prefix(5).map { article, fact -> HTML in
                "<a href=\"/dashboard/articles/\(article)#fact-\(fact)\">#\(article)</a>"
            }
            return """
                <tr><td>\(label(figure))</td><td>\(DisplayFormat.metric(figure.metric, growthOf: figure.growthOf, detail: figure.metricDetail))</td>\
                <td class="num">\(DisplayFormat.amount(figure.value, unit: figure.unit))</td><td class="num">\(usd)</td>\
                <td class="num">\(figure.sources)</td><td>\(figure.conflicting ? HTML("<strong class=\"conflict\">conflicting</strong>") : "")</td>\
                <td>\(HTML.join(evidence, separator: " "))</td></tr>
                """
        }
        return document(
            title: name,
            body: """
                <header class="top"><p><a href="/#facts">← Dashboard</a></p></header>
                <main id="main" class="company">
                <h1>\(name)</h1>
                <section aria-labelledby="charts-heading"><h2 id="charts-heading">By period</h2>\(charts)
                <p class="small">Amounts in US dollars at the ECB's mean rate over each period; R&amp;D intensity as stated.</p>
                </section>
                <section aria-labelledby="figures-heading"><h2 id="figures-heading">Figures (\(figures.count))</h2>
                \(figures.isEmpty ? HTML("<p class=\"empty\">No figures with a known period yet.</p>") : """
                <table class="figures"><thead><tr><th scope="col">Period</th><th scope="col">Metric</th><th scope="col">Value</th>\
                <th scope="col">US$</th><th scope="col">Sources</th><th scope="col">Agreement</th><th scope="col">Evidence</th></tr></thead>
                <tbody>\(rows)</tbody></table>
                """)
                </section>
                </main>
                """, role: role)
    }

    /// "Q3 FY2025", "H1 FY2025", "FY2024", "9M FY2024", "2024-03".
    static func label(_ figure: FigureStore.Record) -> String {
        switch figure.periodKind {
        case "quarter": "Q\(figure.fiscalQuarter ?? 0) FY\(figure.fiscalYear)"
        case "half": "H\(figure.fiscalHalf ?? 0) FY\(figure.fiscalYear)"
        case "nine_months": "9M FY\(figure.fiscalYear)"
        case "month": String((figure.periodStart ?? "").prefix(7))
        default: "FY\(figure.fiscalYear)"
        }
    }

    /// The company's `metric` over its periods, in the kind of period it reports most (quarters or years),
    /// oldest first; amounts in US dollars (figures without a rate are left out).
    static func series(_ figures: [FigureStore.Record], metric: String, inUSD: Bool) -> [SeriesChart.Point] {
        let own = figures.filter { $0.metric == metric && $0.growthOf == nil && $0.metricDetail == nil }
        let kinds = Dictionary(grouping: own, by: \.periodKind).filter { ["year", "half", "quarter"].contains($0.key) }
        guard let chosen = kinds.max(by: { ($0.value.count, $0.key) < ($1.value.count, $1.key) })?.value else {
            return []
        }
        return chosen.sorted { ($0.periodEnd ?? "") < ($1.periodEnd ?? "") }.compactMap { figure in
            guard let value = inUSD ? figure.valueConverted : figure.value else { return nil }
            return SeriesChart.Point(label: label(figure), value: value)
        }
    }
}
