/// A server-drawn SVG of one metric of one company over its periods: a bar per period from a zero line
/// (losses below it), labelled with the period and the value, so the company page needs no chart library.
enum SeriesChart {
    struct Point: Sendable {
        var label: String
        var value: Double
    }

    static let width = 560.0, height = 200.0, top = 28.0, bottom = 34.0, left = 8.0

    /// `unit` is how the values read (`USD`, `percent`); an empty series says so in words.
    static func svg(title: String, unit: String, points: [Point]) -> HTML {
        guard !points.isEmpty else { return "<p class=\"empty\">No \(title.lowercased()) by period yet.</p>" }
        let high = max(points.map(\.value).max() ?? 0, 0)
        let low = min(points.map(\.value).min() ?? 0, 0)
        let span = max(high - low, .leastNonzeroMagnitude)
        let plot = height - top - bottom
        let zero = top + plot * high / span
        let slot = (width - left) / Double(points.count)
        let bar = max(2, min(48, slot * 0.7))
        var parts: [HTML] = ["<text x=\"\(number(left))\" y=\"16\" class=\"axis\">\(title)</text>"]
        parts.append(
            "<line x1=\"\(number(left))\" x2=\"\(number(width))\" y1=\"\(number(zero))\" y2=\"\(number(zero))\" class=\"zero\"/>"
        )
        for (index, point) in points.enumerated() {
            let x = left + slot * Double(index) + (slot - bar) / 2
            let h = max(1, plot * abs(point.value) / span)
            let y = point.value >= 0 ? zero - h : zero
            let text = DisplayFormat.amount(point.value, unit: unit)
            parts.append(
                """
                <rect x="\(number(x))" y="\(number(y))" width="\(number(bar))" height="\(number(h))" class="bar revenue">\
                <title>\(point.label): \(text)</title></rect>
                """)
            if points.count <= 12 {
                parts.append(
                    """
                    <text x="\(number(x + bar / 2))" y="\(number(height - 18))" text-anchor="middle" class="label">\(point.label)</text>\
                    <text x="\(number(x + bar / 2))" y="\(number(height - 4))" text-anchor="middle" class="value">\(text)</text>
                    """)
            }
        }
        return """
            <svg class="chart series" role="img" aria-label="\(title) by period" viewBox="0 0 \(number(width)) \(number(height))" \
            width="\(number(width))" height="\(number(height))" xmlns="http://www.w3.org/2000/svg">\(parts)</svg>
            """
    }

    static func number(_ value: Double) -> String { DisplayFormat.decimal(value, digits: 1) }
}
