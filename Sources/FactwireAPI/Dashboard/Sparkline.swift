import Foundation

/// A small inline SVG line of the last minutes; gaps where there is no value.
enum Sparkline {
    static let width = 120.0, height = 26.0

    static func svg(_ values: [Double?], label: String) -> HTML {
        let known = values.compactMap { $0 }
        let peak = max(known.max() ?? 0, 1e-9)
        let step = values.count > 1 ? width / Double(values.count - 1) : width
        // Runs of known values become polylines; a lone value, a dot.
        var segments: [[(x: String, y: String)]] = [[]]
        for (index, value) in values.enumerated() {
            guard let value else {
                if !(segments.last?.isEmpty ?? true) { segments.append([]) }
                continue
            }
            let y = height - 2 - (height - 4) * value / peak
            segments[segments.count - 1].append((FigureChart.number(Double(index) * step), FigureChart.number(y)))
        }
        let lines = segments.filter { !$0.isEmpty }.map { points -> HTML in
            points.count == 1
                ? "<circle cx=\"\(points[0].x)\" cy=\"\(points[0].y)\" r=\"1.5\"/>"
                : "<polyline points=\"\(points.map { "\($0.x),\($0.y)" }.joined(separator: " "))\"/>"
        }
        return """
            <svg class="spark" role="img" aria-label="\(label)" viewBox="0 0 \(FigureChart.number(width)) \(FigureChart.number(height))" \
            width="\(FigureChart.number(width))" height="\(FigureChart.number(height))" xmlns="http://www.w3.org/2000/svg">\
            <title>\(label)</title>\(lines)</svg>
            """
    }
}
