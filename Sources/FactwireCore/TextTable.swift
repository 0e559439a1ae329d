/// Rows of text in aligned columns, for a person at a terminal (`factwire facts`, `tokens list`, the
/// ingest summary, the demo): each column as wide as its widest cell up to a cap, longer cells cut with
/// "…". Scripts get JSON or CSV instead, so this form may change between versions.
public struct TextTable: Sendable {
    /// Where an over-long cell loses its characters: file paths keep their end, names their start.
    public enum Cut: Sendable {
        case end, start
    }

    public var header: [String]?
    public var rows: [[String]]
    /// The widest a column may be. The last column is never cut: nothing follows it to align.
    public var maximumWidth: Int
    /// Columns cut at their start rather than their end.
    public var cutAtStart: Set<Int>
    /// Before every line, for tables printed under a heading.
    public var indent: String

    public init(
        header: [String]? = nil, rows: [[String]], maximumWidth: Int = 40, cutAtStart: Set<Int> = [],
        indent: String = ""
    ) {
        self.header = header
        self.rows = rows
        self.maximumWidth = maximumWidth
        self.cutAtStart = cutAtStart
        self.indent = indent
    }

    /// The lines, header first, without trailing blanks.
    public var lines: [String] {
        let all = (header.map { [$0] } ?? []) + rows
        let columns = all.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in
            let widest = all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
            return column == columns - 1 ? widest : min(maximumWidth, widest)
        }
        return all.map { cells in
            var line = indent
            for (column, cell) in cells.enumerated() {
                let width = widths[column]
                var shown = cell
                if cell.count > width {
                    shown = cutAtStart.contains(column) ? "…" + cell.suffix(width - 1) : cell.prefix(width - 1) + "…"
                }
                if column > 0 { line += "  " }
                line += shown + String(repeating: " ", count: width - shown.count)
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }
}
