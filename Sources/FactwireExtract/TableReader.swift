/// Reads the cells of table rows that the page text flattened into lines ("Pinecrest | 12.3 | 31.0% | 10.9",
/// "Net income 812 790 3%", "Veltro 40.2 18.5% 38.7").
///
/// A row is a line with two or more numbers and few words. Its bare numbers (no currency or unit of their
/// own) become quantities with the scale and unit the lines above it state: "Shipments are in millions of
/// units", "(US$ million)", "in EUR m", "(NT$ billion)". Without such a statement a bare number is left
/// alone: its size cannot be known. The learned decisions then see each cell with its column and header.
struct TableHeader {
    /// The last lines that were not rows (lower-cased), nearest last.
    private(set) var recent: [[Unicode.Scalar]] = []
    static let depth = 8

    /// The header of a row: the nearest line above's words, and its cells when "|" or tabs separate them.
    struct Columns: Sendable {
        var words: [String]
        var cells: [[String]]
    }

    func columns() -> Columns {
        guard let line = recent.last else { return Columns(words: [], cells: []) }
        let text = ScalarText.string(line, 0, line.count)
        func words(_ part: Substring) -> [String] {
            part.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init).filter { $0.count > 1 }
        }
        let separated = text.contains("|") || text.contains("\t")
        let cells =
            separated
            ? text.split(whereSeparator: { $0 == "|" || $0 == "\t" }).map { words($0) }.filter { !$0.isEmpty } : []
        return Columns(words: Array(words(text[...]).prefix(40)), cells: cells)
    }

    mutating func note(_ line: [Unicode.Scalar]) {
        recent.append(line.prefix(400).map(QuantityParser.lower))
        if recent.count > Self.depth { recent.removeFirst() }
        cached = nil
    }

    private var cached: (scale: Double, currency: String?)??

    /// The scale and currency the header lines state; nil scale when none does (computed once per header).
    mutating func units() -> (scale: Double, currency: String?)? {
        if let cached { return cached }
        let value = computeUnits()
        cached = .some(value)
        return value
    }

    private func computeUnits() -> (scale: Double, currency: String?)? {
        var scale: Double?
        var currency: String?
        for line in recent.reversed() {
            let text = ScalarText.string(line, 0, line.count)
            let words = text.split(whereSeparator: {
                !$0.isLetter && !$0.isNumber && $0 != "$" && $0 != "€" && $0 != "£" && $0 != "¥" && $0 != "₹"
                    && $0 != "₩" && $0 != "'"
            })
            .map(String.init)
            for word in words {
                if scale == nil {
                    switch word {
                    case "thousand", "thousands", "000s", "'000", "000": scale = 1e3
                    case "million", "millions", "mn", "mln", "m", "mio", "mil": scale = 1e6
                    case "billion", "billions", "bn", "b": scale = 1e9
                    case "crore", "crores", "cr": scale = 1e7
                    case "lakh", "lakhs": scale = 1e5
                    default:
                        // "$m", "€bn", "usdm", "eurm"
                        if word.count >= 2, let last = word.last,
                            ["m", "bn", "b"].contains(where: { word.hasSuffix($0) }),
                            Self.currency(String(word.dropLast(last == "n" ? 2 : 1))) != nil
                        {
                            scale = word.hasSuffix("m") ? 1e6 : 1e9
                            currency = currency ?? Self.currency(String(word.dropLast(word.hasSuffix("bn") ? 2 : 1)))
                        }
                    }
                }
                if currency == nil, let code = Self.currency(word) { currency = code }
            }
            if scale != nil { break }
        }
        guard let scale else { return nil }
        return (scale, currency)
    }

    static func currency(_ word: String) -> String? {
        if let (_, code) = QuantityLexicon.prefixCurrencies.first(where: { $0.0 == word }) { return code }
        if let code = QuantityLexicon.suffixCurrencies[word] { return code }
        return nil
    }
}

enum TableReader {
    /// Header words that name a column's metric, by the kind of quantity in it.
    static let countHeaders: [String: String] = [
        "shipments": "shipments", "shipment": "shipments", "units": "shipments",
        "deliveries": "shipments", "sales": "shipments", "volume": "shipments"
    ]
    static let moneyHeaders: [String: String] = [
        "revenue": "revenue", "revenues": "revenue", "sales": "revenue",
        "turnover": "revenue"
    ]
    static let percentHeaders: [String: String] = ["share": "market_share"]
    /// Header words of columns that hold changes.
    static let changeWords: Set<String> = ["change", "growth", "yoy", "qoq", "y/y"]

    /// A quantity's column in its row: its index among the row's numbers, and how many numbers the row has.
    static func column(of quantity: Int, in reading: SentenceReading) -> (index: Int, count: Int)? {
        let q = reading.quantities[quantity]
        let numbers = reading.tokens.filter {
            $0.isWord && $0.text.unicodeScalars.first.map(QuantityParser.isDigit) == true
        }
        guard let index = numbers.firstIndex(where: { $0.start >= q.start && $0.start < q.end }) else { return nil }
        return (index, numbers.count)
    }

    /// The header cell over a quantity's column: headers name the number columns, sometimes with a label
    /// column first.
    static func headerCell(_ row: TableHeader.Columns, column: (index: Int, count: Int)) -> [String]? {
        guard !row.cells.isEmpty else { return nil }
        let index = column.index + max(0, row.cells.count - column.count)
        return index < row.cells.count ? row.cells[index] : nil
    }

    /// The metric a cell's column header names, for a cell the row's first name owns; nil unless exactly one.
    static func columnMetric(_ row: TableHeader.Columns, reading: SentenceReading, quantity: Int) -> String? {
        let q = reading.quantities[quantity]
        guard let column = column(of: quantity, in: reading), let cell = headerCell(row, column: column) else {
            return nil
        }
        let table: [String: String] =
            switch q.kind {
            case .count: countHeaders
            case .money: moneyHeaders
            case .percent: percentHeaders
            case .percentagePoints: [:]
            }
        let words = cell.map { $0.lowercased() }
        // "Change", "Growth", "YoY" columns are changes, not levels: a percent there is the growth of what
        // the other columns count or sum, when they name exactly one thing ("Unit Shipments … YoY Change").
        if words.contains(where: { Self.changeWords.contains($0) }) {
            guard q.kind == .percent else { return nil }
            let levels = Set(
                row.cells.filter { !$0.contains(where: { Self.changeWords.contains($0.lowercased()) }) }
                    .flatMap { $0 }.compactMap { countHeaders[$0.lowercased()] ?? moneyHeaders[$0.lowercased()] })
            return levels.count == 1 ? levels.first.map { "growth:" + $0 } : nil
        }
        let metrics = Set(words.compactMap { table[$0] })
        return metrics.count == 1 ? metrics.first : nil
    }

    /// Whether a line's tokens look like a table row: three or more numbers (two between "|" separators)
    /// and no more words than numbers plus a label of a few words. "Revenue rose 5% to $3bn" is prose.
    static func isRow(_ tokens: [Token]) -> Bool {
        guard tokens.count <= 300 else { return false }
        var numbers = 0
        var words = 0
        var bars = false
        for token in tokens {
            if token.isWord {
                if let first = token.text.unicodeScalars.first, QuantityParser.isDigit(first) {
                    numbers += 1
                } else {
                    words += 1
                }
            } else if token.text == "|" {
                bars = true
            }
        }
        return (numbers >= 3 || numbers >= 2 && bars) && words <= numbers + 4
    }

    /// The bare numbers of a row (see ``isRow(_:)``) as quantities in the header's units (none without a
    /// header scale).
    static func cells(_ scalars: [Unicode.Scalar], tokens: [Token], quantities: [Quantity], header: inout TableHeader)
        -> [Quantity]
    {
        guard let (scale, currency) = header.units() else { return [] }
        var cells: [Quantity] = []
        var index = 0
        for (k, token) in tokens.enumerated() where token.isWord {
            guard let first = token.text.unicodeScalars.first, QuantityParser.isDigit(first) else { continue }
            // Inside a quantity, or glued to letters ("4Q24", "Q3"): not a bare number.
            if quantities.contains(where: { $0.start < token.end && token.start < $0.end }) { continue }
            guard let (value, end) = QuantityParser.number(scalars, token.start), end == token.end else { continue }
            // Years, and a rank before the row's label ("1 Pinecrest 12,480"), are no cells.
            let isInteger = !token.text.contains(".") && !token.text.contains(",")
            if isInteger, value >= 1900, value <= 2100 { continue }
            if k == 0, isInteger, value < 100, tokens.count > 1, tokens[1].isCapitalized { continue }
            let negative =
                token.start > 0 && (scalars[token.start - 1] == "(" || scalars[token.start - 1] == "-")
                && !(token.start > 1 && QuantityParser.isDigit(scalars[token.start - 2]))
            let raw = (negative ? -value : value) * scale
            guard raw.isFinite, abs(raw) <= QuantityParser.largestValue else { continue }
            let v = QuantityParser.tidy(raw)
            cells.append(
                Quantity(
                    text: token.text, start: token.start, end: token.end, value: v, unit: currency ?? "units",
                    kind: currency == nil ? .count : .money))
            index += 1
        }
        return cells
    }
}
