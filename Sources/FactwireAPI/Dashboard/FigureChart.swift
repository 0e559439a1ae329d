import Foundation

/// A server-drawn SVG of revenue and R&D intensity per company: two bar panels sharing one row per
/// company, so a browser needs no chart library and the page still works offline.
enum FigureChart {
    struct Row: Sendable {
        var company: String
        /// Latest revenue in US dollars.
        var revenue: Double?
        /// Latest R&D spend as a share of revenue (0.14 = 14 %).
        var rdShare: Double?
    }

    static let labelWidth = 180.0, panelWidth = 260.0, gap = 40.0, rowHeight = 26.0, top = 34.0

    static func svg(_ rows: [Row]) -> HTML {
        guard !rows.isEmpty else { return "<p class=\"empty\">No revenue or R&amp;D figures yet.</p>" }
        let width = labelWidth + 2 * panelWidth + gap + 70
        let height = top + rowHeight * Double(rows.count) + 8
        let maxRevenue = rows.compactMap(\.revenue).max() ?? 0
        let maxShare = max(rows.compactMap(\.rdShare).max() ?? 0, 0.01)
        let revenueX = labelWidth
        let shareX = labelWidth + panelWidth + gap
        var parts: [HTML] = []
        parts.append(
            """
            <text x="\(number(revenueX))" y="18" class="axis">Revenue (latest, US$)</text>\
            <text x="\(number(shareX))" y="18" class="axis">R&amp;D intensity (R&amp;D ÷ revenue)</text>
            """)
        for (index, row) in rows.enumerated() {
            let y = top + rowHeight * Double(index)
            parts.append(
                "<text x=\"\(number(labelWidth - 8))\" y=\"\(number(y + 16))\" text-anchor=\"end\" class=\"label\">\(truncated(row.company))</text>"
            )
            if let revenue = row.revenue, maxRevenue > 0 {
                let w = max(1, (panelWidth - 60) * revenue / maxRevenue)
                let text = DisplayFormat.amount(revenue, unit: "USD")
                parts.append(
                    """
                    <rect x="\(number(revenueX))" y="\(number(y + 4))" width="\(number(w))" height="16" class="bar revenue"><title>\(row.company): revenue \(text)</title></rect>\
                    <text x="\(number(revenueX + w + 4))" y="\(number(y + 16))" class="value">\(text)</text>
                    """)
            }
            if let share = row.rdShare {
                let w = max(1, (panelWidth - 50) * max(0, share) / maxShare)
                let text = DisplayFormat.amount(share, unit: "percent")
                parts.append(
                    """
                    <rect x="\(number(shareX))" y="\(number(y + 4))" width="\(number(w))" height="16" class="bar intensity"><title>\(row.company): R&amp;D intensity \(text)</title></rect>\
                    <text x="\(number(shareX + w + 4))" y="\(number(y + 16))" class="value">\(text)</text>
                    """)
            }
        }
        return """
            <svg class="chart" role="img" aria-labelledby="chart-title" viewBox="0 0 \(number(width)) \(number(height))" \
            width="\(number(width))" height="\(number(height))" xmlns="http://www.w3.org/2000/svg">\
            <title id="chart-title">Revenue and R&amp;D intensity for \(rows.count) companies</title>\(parts)</svg>
            """
    }

    static func truncated(_ name: String) -> String { name.count > 26 ? String(name.prefix(25)) + "…" : name }

    static func number(_ value: Double) -> String { DisplayFormat.decimal(value, digits: 1) }
}
