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
        /// Cells made of measures over repeating periods (``groupedCells(_:)``): each names its column's measure
        /// outright, so the header decides the metric (``TableReader/groupedMetric(_:quantity:)``).
        var isGrouped = false
    }

    /// ``computeColumns()``, made once per header: every row under it asks.
    mutating func columns() -> Columns {
        if let cachedColumns { return cachedColumns }
        let value = computeColumns()
        cachedColumns = value
        return value
    }

    private var cachedColumns: Columns?

    private func computeColumns() -> Columns {
        guard let line = recent.last else { return Columns(words: [], cells: []) }
        let text = ScalarText.string(line, 0, line.count)
        func words(_ part: Substring) -> [String] {
            part.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init).filter { $0.count > 1 }
        }
        let separated = text.hasByte(UInt8(ascii: "|")) || text.hasByte(9)
        var cells =
            separated
            ? text.split(whereSeparator: { $0 == "|" || $0 == "\t" }).map { words($0) }.filter { !$0.isEmpty } : []
        var all = words(text[...])
        var isGrouped = false
        // Measures over repeating periods, on one line or on two ("Sales Share" over "2Q26 1Q26 QoQ 2Q26 1Q26",
        // a web table's spanning headings over its period cells).
        if !separated, let grouped = Self.groupedCells(all) {
            cells = grouped
            isGrouped = true
        } else if recent.count >= 2, !all.isEmpty, all.allSatisfy(Self.isPeriodOrChange) {
            let above = recent[recent.count - 2]
            let both = words(ScalarText.string(above, 0, above.count)[...]) + all
            if let grouped = Self.groupedCells(both) {
                cells = grouped
                all = both
                isGrouped = true
            }
        }
        return Columns(words: Array(all.prefix(40)), cells: cells, isGrouped: isGrouped)
    }

    /// Header words of a ranking's label columns, which measure nothing ("Ranking", "Company", "Vendor").
    static let labelColumnWords: Set<String> = [
        "rank", "ranking", "no", "company", "companies", "vendor", "vendors", "brand", "brands", "manufacturer",
        "manufacturers", "maker", "makers", "supplier", "suppliers", "name", "group"
    ]

    /// "Sales Share 2Q26 1Q26 QoQ 2Q26 1Q26": measures over periods that start again under each measure,
    /// flattened into one line of words. Each column is its measure's words and its period ([sales, 2q26], …,
    /// [share, 1q26]); nil unless the periods fall into one run per measure, two or more.
    static func groupedCells(_ words: [String]) -> [[String]]? {
        var runStart = words.count
        while runStart > 0, isPeriodOrChange(words[runStart - 1]) { runStart -= 1 }
        guard words.count - runStart >= 4 else { return nil }
        let run = words[runStart...]
        var groups: [[String]] = []
        for word in run {
            if groups.isEmpty || word == run.first {
                groups.append([word])
            } else {
                groups[groups.count - 1].append(word)
            }
        }
        guard groups.count >= 2 else { return nil }
        // Each measure ends with its head noun ("revenue"; "market share").
        var measures: [[String]] = []
        var current: [String] = []
        for word in words[..<runStart] where !labelColumnWords.contains(word) {
            current.append(word)
            if TableReader.countHeaders[word] != nil || TableReader.moneyHeaders[word] != nil
                || TableReader.percentHeaders[word] != nil
            {
                measures.append(current)
                current = []
            }
        }
        guard current.isEmpty, measures.count == groups.count else { return nil }
        return zip(measures, groups).flatMap { measure, group in group.map { measure + [$0] } }
    }

    /// A column heading's period or change word: "2q26", "q3", "1h25", "fy2024", "2024", "qoq", "yoy", "change".
    static func isPeriodOrChange(_ word: String) -> Bool {
        if TableReader.changeWords.contains(word) { return true }
        let scalars = Array(word.unicodeScalars)
        func digits(_ from: Int) -> Bool {
            from < scalars.count && scalars[from...].allSatisfy(QuantityParser.isDigit)
                && [1, 2, 4].contains(scalars.count - from)
        }
        if let year = Int(word), scalars.count == 4 { return (1990...2099).contains(year) }
        guard scalars.count >= 2 else { return false }
        switch (scalars[0], scalars[1]) {
        case ("1"..."4", "q"), ("1"..."2", "h"): return digits(2)
        case ("q", "1"..."4"), ("h", "1"..."2"): return scalars.count == 2 || digits(2)
        case ("f", "y"): return digits(2)
        default: return false
        }
    }

    mutating func note(_ line: [Unicode.Scalar]) {
        recent.append(line.prefix(400).map(QuantityParser.lower))
        if recent.count > Self.depth { recent.removeFirst() }
        cached = nil
        cachedColumns = nil
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
            // Units are stated in short lines ("(in millions of euros)", "Unit: US$ billion"); prose that
            // mentions "billion" states a figure, not the table's units.
            guard PlainTextNormalizer.wordCount(text) <= 16 else { continue }
            let words = Self.unitWords(text)
            for word in words {
                if scale == nil {
                    switch word {
                    case "thousand", "thousands", "000s", "'000", "000": scale = 1e3
                    case "million", "millions", "mn", "mln", "m", "mio", "mil": scale = 1e6
                    case "billion", "billions", "bn", "b": scale = 1e9
                    case "crore", "crores", "cr": scale = 1e7
                    case "lakh", "lakhs": scale = 1e5
                    default:
                        if let (wordScale, code) = Self.scaledCurrency(word) {
                            scale = wordScale
                            currency = currency ?? code
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

    /// The words of a line that may state units: letters, digits, currency signs and apostrophes ("US$",
    /// "'000"). An ASCII line is split byte by byte; any other by characters, whose letter and number properties
    /// cost a table look-up each.
    static func unitWords(_ text: String) -> [String] {
        guard text.isASCII else {
            return text.split(whereSeparator: {
                !$0.isLetter && !$0.isNumber && $0 != "$" && $0 != "€" && $0 != "£" && $0 != "¥" && $0 != "₹"
                    && $0 != "₩" && $0 != "'"
            })
            .map(String.init)
        }
        return text.utf8.split(whereSeparator: { byte in
            let letter = byte | 0x20
            return !(letter >= UInt8(ascii: "a") && letter <= UInt8(ascii: "z"))
                && !(byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                && byte != UInt8(ascii: "$") && byte != UInt8(ascii: "'")
        }).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A currency written with its scale in one word: "$m", "€bn", "usdm", "eurm", or the scale first as
    /// some reports write it ("b$", "m€", "bn$").
    static func scaledCurrency(_ word: String) -> (scale: Double, currency: String)? {
        // "rmb" is a currency, not "rm" in billions.
        guard currency(word) == nil else { return nil }
        for (mark, scale) in [("bn", 1e9), ("m", 1e6), ("b", 1e9)] where word.count > mark.count {
            if word.hasSuffix(mark), let code = currency(String(word.dropLast(mark.count))) { return (scale, code) }
            if word.hasPrefix(mark), let code = currency(String(word.dropFirst(mark.count))), !code.isEmpty {
                // Only a symbol after the scale ("b$", "m€"): "mad", "bnd" are currency codes themselves.
                if word.dropFirst(mark.count).allSatisfy({ !$0.isLetter }) { return (scale, code) }
            }
        }
        return nil
    }

    /// The units a row's own label states before its numbers ("Net income (B$) 3.2 2.9"), which win over
    /// the header's.
    static func rowUnits(_ scalars: [Unicode.Scalar], tokens: [Token]) -> (scale: Double, currency: String?)? {
        guard
            let firstNumber = tokens.firstIndex(where: {
                $0.isWord && QuantityParser.isDigit($0.text.unicodeScalars.first!)
                    && !TableReader.isFootnoteMark(scalars, at: $0.start)
            }),
            firstNumber > 0
        else { return nil }
        // "Turbines delivered (units) 57 63", "Number of employees 41,210 39,874": counts, whatever currency and
        // scale the header gives the table's amounts.
        let words = tokens[..<firstNumber].filter(\.isWord).map(\.lower)
        if words.last == "units" || words.last == "number" || words.starts(with: ["number", "of"]) {
            return (1, nil)
        }
        var label = TableHeader()
        label.note(Array(scalars[0..<tokens[firstNumber].start]))
        return label.units()
    }

    static func currency(_ word: String) -> String? { currencyCodes[word] }

    /// Every currency marker and word with its code: a prefix marker's first code, else the suffix word's.
    /// One lookup instead of a walk through the marker list, whose non-ASCII symbols compare slowly.
    static let currencyCodes: [String: String] = {
        var codes = QuantityLexicon.suffixCurrencies
        var seen: Set<String> = []
        for (marker, code) in QuantityLexicon.prefixCurrencies where seen.insert(marker).inserted {
            codes[marker] = code
        }
        return codes
    }()
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
    static let changeWords: WordSet = ["change", "growth", "yoy", "qoq", "y/y", "progress", "chg", "variation"]

    /// A quantity's column in its row: its index among the row's numbers, and how many numbers the row has.
    static func column(of quantity: Int, in reading: SentenceReading) -> (index: Int, count: Int)? {
        let q = reading.quantities[quantity]
        let tokens = reading.tokens
        // Numbers start at digits, except the groups a comma glues on ("26,854" is one number of three tokens).
        let numbers = tokens.indices.filter { k in
            guard tokens[k].isWord, tokens[k].text.unicodeScalars.first.map(QuantityParser.isDigit) == true else {
                return false
            }
            let isGroup =
                k >= 2 && tokens[k - 1].text == "," && tokens[k - 1].end == tokens[k].start
                && tokens[k - 2].end == tokens[k - 1].start && tokens[k].text.unicodeScalars.count == 3
                && tokens[k - 2].text.unicodeScalars.last.map(QuantityParser.isDigit) == true
            return !isGroup
        }.map { tokens[$0] }
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

    /// The period a cell's column header names ("4Q25 Unit Shipments" → "Q4 2025"); in a change column
    /// ("Year-Over-Year Change"), the latest the header's other columns name, the period the change ends in. nil
    /// when the header names none.
    static func columnPeriod(_ row: TableHeader.Columns, reading: SentenceReading, quantity: Int) -> String? {
        guard let column = column(of: quantity, in: reading), let cell = headerCell(row, column: column) else {
            return nil
        }
        // (A heading's bare year, "2025 Unit Shipments", is its column's year: prose needs "in 2025" for that.)
        func period(_ cell: [String]) -> String? {
            SentenceReading.periodMentions(in: cell.map { $0.lowercased() }).lazy.compactMap(\.label).first
                ?? cell.first { $0.utf8.count == 4 && Int($0).map { (1990...2100).contains($0) } == true }
        }
        guard cell.contains(where: { Self.changeWords.contains($0.lowercased()) }) else { return period(cell) }
        return row.cells.compactMap(period).max { periodOrder($0) < periodOrder($1) }
    }

    /// A period label's place in time, to find the latest: its year, then its quarter ("Q2 2025"), half ("H1 2025",
    /// as its last quarter) or whole year (after all of its parts).
    static func periodOrder(_ label: String) -> Int {
        let year = Int(label.suffix(4)) ?? 0
        let scalars = Array(label.unicodeScalars)
        guard scalars.count >= 2, let part = Int(String(scalars[1])) else { return year * 10 + 9 }
        switch scalars[0] {
        case "Q": return year * 10 + part
        case "H": return year * 10 + part * 2
        default: return year * 10 + 9
        }
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
            // "Revenue QoQ" under grouped measures: the change of its own measure.
            // ("sales" counts units or money: the column's measure stays unknown)
            let own = Set(words.compactMap { $0 == "sales" ? nil : countHeaders[$0] ?? moneyHeaders[$0] })
            if own.count == 1, let measure = own.first { return "growth:" + measure }
            let levels = Set(
                row.cells.filter { !$0.contains(where: { Self.changeWords.contains($0.lowercased()) }) }
                    .flatMap { $0 }.compactMap { countHeaders[$0.lowercased()] ?? moneyHeaders[$0.lowercased()] })
            return levels.count == 1 ? levels.first.map { "growth:" + $0 } : nil
        }
        let metrics = Set(words.compactMap { table[$0] })
        return metrics.count == 1 ? metrics.first : nil
    }

    /// The metric of a cell under measures over repeating periods ("Sales Share 2Q26 1Q26 QoQ 2Q26 1Q26"):
    /// there each column says what it measures, and its header decides, not the model. nil for other cells.
    static func groupedMetric(_ sentence: ReadSentence, quantity: Int) -> String? {
        guard let row = sentence.row, row.isGrouped else { return nil }
        return columnMetric(row, reading: sentence.reading, quantity: quantity)
    }

    /// Whether a line's tokens look like a table row: three or more numbers (two between "|" separators)
    /// and no more words than numbers plus a label of a few words. "Revenue rose 5% to $3bn" is prose.
    static func isRow(_ tokens: [Token]) -> Bool {
        guard tokens.count <= 300, !containsPhoneNumber(tokens) else { return false }
        let count = Self.count(tokens)
        return (count.numbers >= 3 || count.numbers >= 2 && count.bars) && count.words <= count.numbers + 4
    }

    /// Whether a line whose cells "|" separates is a table's header, though it holds numbers: no cell is a
    /// value ("2025 Unit Shipments | 2025 Share | Change"). A value cell is a number with
    /// at most one word ("21.4", "-3.5%", "$2.1 bn"); a cell that puts a period before words names a column.
    static func isHeaderLine(_ tokens: [Token]) -> Bool {
        guard tokens.contains(where: { $0.text == "|" }) else { return false }
        var cells = 0
        var numbers = 0
        var words = 0
        func close() -> Bool {
            defer { (numbers, words) = (0, 0) }
            guard numbers + words > 0 else { return true }
            cells += 1
            return numbers == 0 || words >= 2
        }
        for k in tokens.indices {
            if tokens[k].text == "|" {
                guard close() else { return false }
            } else if tokens[k].isWord, let first = tokens[k].text.unicodeScalars.first {
                if QuantityParser.isDigit(first) { numbers += 1 } else if first.properties.isAlphabetic { words += 1 }
            }
        }
        return close() && cells >= 2
    }

    /// Whether a line holds an international telephone number ("+44 20 7946 0018", "+1 415-555-0142"): a "+"
    /// glued to a country code, then two or more groups of bare digits. A press release's contacts look
    /// like a row of numbers, and under a header that states a scale they would become billions.
    static func containsPhoneNumber(_ tokens: [Token]) -> Bool {
        // "0142" or "415-555-0142": digits, with the hyphens a word keeps inside it.
        func isDigits(_ token: Token) -> Bool {
            token.isWord && token.text.unicodeScalars.allSatisfy { QuantityParser.isDigit($0) || $0 == "-" }
        }
        for k in tokens.indices where tokens[k].text == "+" && k + 1 < tokens.count {
            let code = tokens[k + 1]
            guard isDigits(code), code.start == tokens[k].end, code.text.unicodeScalars.count <= 3 else { continue }
            var groups = 0
            var next = k + 2
            while next < tokens.count {
                if isDigits(tokens[next]) {
                    groups += 1
                } else if tokens[next].text != "-" && tokens[next].text != "(" && tokens[next].text != ")" {
                    break
                }
                next += 1
            }
            if groups >= 2 || groups == 1 && tokens[k + 2].text.contains("-") { return true }
        }
        return false
    }

    /// Whether a line is a two-period row of a table with stated units ("Total net sales 4,512 4,907"):
    /// exactly two numbers after a short label, and no sentence end. Only asked when a header states a
    /// scale, since two numbers alone are as often prose.
    static func isPairRow(_ tokens: [Token]) -> Bool {
        guard tokens.count <= 40, let last = tokens.last, last.text != "." else { return false }
        let count = Self.count(tokens)
        return count.numbers == 2 && count.words >= 1 && count.words <= 6
    }

    /// A line's words that start with a digit, its other words, and whether "|" separates cells.
    private static func count(_ tokens: [Token]) -> (numbers: Int, words: Int, bars: Bool) {
        var numbers = 0
        var words = 0
        var bars = false
        for k in tokens.indices {
            if tokens[k].isWord {
                // "2Q26", "1H25": a period's label, a heading's word rather than a cell's number
                if let first = tokens[k].text.unicodeScalars.first, QuantityParser.isDigit(first),
                    !(tokens[k].text.unicodeScalars.contains(where: QuantityParser.isLetter)
                        && TableHeader.isPeriodOrChange(tokens[k].lower))
                {
                    numbers += 1
                } else {
                    words += 1
                }
            } else if tokens[k].text == "|" {
                bars = true
            }
        }
        return (numbers, words, bars)
    }

    /// Words of a per-share row ("per share", "per ADS"), whose values the header's scale does not apply to.
    static let perShareWords: WordSet = ["per", "share", "ads", "adr"]

    /// A row's amounts written with a currency but no scale ("$ 18,420" under "($M)") in the scale the row or
    /// its header states, when the currencies agree. Per-share rows keep their values.
    static func rescaled(tokens: [Token], quantities: [Quantity], units: (scale: Double, currency: String?)?)
        -> [Quantity]
    {
        guard let (scale, currency) = units, scale > 1,
            !tokens.indices.contains(where: {
                perShareWords.contains(tokens[$0]) || tokens[$0].lower.hasPrefix("eps")
            })
        else { return quantities }
        return quantities.map { q in
            guard q.kind == .money, currency == nil || currency == q.unit,
                q.text.unicodeScalars.last.map(QuantityParser.isDigit) == true, abs(q.value) < 1e6
            else { return q }
            var scaled = q
            scaled.value = QuantityParser.tidy(q.value * scale)
            return scaled
        }
    }

    /// A row's percentages written in parentheses ("(18 %)", "(4%)") made negative: accounts write declines that
    /// way. Only in rows: in prose, "Kestrel (12.5%)" is a share beside a name.
    static func parenthesisedNegatives(_ scalars: [Unicode.Scalar], quantities: [Quantity]) -> [Quantity] {
        quantities.map { q in
            guard q.kind == .percent, q.value > 0, q.start > 0, scalars[q.start - 1] == "(", q.end < scalars.count,
                scalars[q.end] == ")"
            else { return q }
            var negative = q
            negative.value = -q.value
            return negative
        }
    }

    /// The bare numbers of a row (see ``isRow(_:)``) as quantities in the header's units (none without a
    /// header scale).
    static func cells(
        _ scalars: [Unicode.Scalar], tokens: [Token], quantities: [Quantity], units: (scale: Double, currency: String?)?
    ) -> [Quantity] {
        guard let (scale, currency) = units else { return [] }
        var cells: [Quantity] = []
        for number in bareNumbers(scalars, tokens: tokens, quantities: quantities) {
            let value = number.value
            // Years, and a rank before the row's label ("1 Pinecrest 12,480"), are no cells.
            if number.isInteger, isYear(value) { continue }
            // A footnote mark ("Operating income [2]", "Adjusted EBITDA((1))").
            if number.start > 0, scalars[number.start - 1] == "[" || isFootnoteMark(scalars, at: number.start) {
                continue
            }
            if number.isInteger, value < 100, number.last + 1 < tokens.count, tokens[number.last + 1].isCapitalized,
                number.first == 0 || !tokens[number.first - 1].isCapitalized
            {
                continue
            }
            let negative =
                number.start > 0 && (scalars[number.start - 1] == "(" || scalars[number.start - 1] == "-")
                && !(number.start > 1 && QuantityParser.isDigit(scalars[number.start - 2]))
            let raw = (negative ? -value : value) * scale
            guard raw.isFinite, abs(raw) <= QuantityParser.largestValue else { continue }
            cells.append(
                Quantity(
                    text: number.text, start: number.start, end: number.end, value: QuantityParser.tidy(raw),
                    unit: currency ?? "units", kind: currency == nil ? .count : .money))
        }
        return cells
    }

    /// The units of a row given away by the prose before it: a grouped number of the row ("12,480") that is one
    /// of the `amounts` (money written earlier), rounded ("USD 12.5 billion"), puts the row in that amount's
    /// currency, in thousands, millions or billions. nil when no such pair exists, or when two give different
    /// units.
    static func impliedUnits(
        _ scalars: [Unicode.Scalar], tokens: [Token], quantities: [Quantity], amounts: [Quantity]
    ) -> (scale: Double, currency: String?)? {
        guard !amounts.isEmpty else { return nil }
        var found: (scale: Double, currency: String?)?
        for number in bareNumbers(scalars, tokens: tokens, quantities: quantities)
        where number.value >= 100 && number.text.hasByte(UInt8(ascii: ",")) {
            for scale in [1e3, 1e6, 1e9] {
                let value = number.value * scale
                // "12.5 billion" rounds "12,480" million: agree within the written amount's rounding.
                guard let amount = amounts.first(where: { abs($0.value - value) <= 0.002 * value }) else { continue }
                if let found, found.scale != scale || found.currency != amount.unit { return nil }
                found = (scale, amount.unit)
            }
        }
        return found
    }

    /// Whether a whole number could be a year (1900–2100) rather than an amount.
    static func isYear(_ value: Double) -> Bool { value >= 1900 && value <= 2100 && value.rounded() == value }

    /// Whether the number at `start` is a footnote mark in parentheses glued to the word before it
    /// ("EBITDA(1)", "EBITDA((1))"); "(35)" after a space is a negative amount.
    static func isFootnoteMark(_ scalars: [Unicode.Scalar], at start: Int) -> Bool {
        guard start >= 2, scalars[start - 1] == "(" else { return false }
        return QuantityParser.isLetter(scalars[start - 2]) || scalars[start - 2] == "("
    }

    /// A number written without a unit of its own, over one or more tokens (the tokenizer splits "12,480" at
    /// its comma).
    struct BareNumber {
        /// The indices of its first and last token.
        var first: Int
        var last: Int
        var start: Int
        var end: Int
        var value: Double
        var text: String
        /// Written without a decimal point or grouping ("2024", "12").
        var isInteger: Bool
    }

    /// The line's numbers outside its quantities, whole ("4,12,560", "12,480.5"). A number glued to letters
    /// ("4Q24", "Q3") is none.
    static func bareNumbers(_ scalars: [Unicode.Scalar], tokens: [Token], quantities: [Quantity]) -> [BareNumber] {
        var numbers: [BareNumber] = []
        var consumed = 0
        for (k, token) in tokens.enumerated() where token.isWord && token.start >= consumed {
            guard let first = token.text.unicodeScalars.first, QuantityParser.isDigit(first),
                !quantities.contains(where: { $0.start < token.end && token.start < $0.end }),
                let (value, end) = QuantityParser.number(scalars, token.start),
                let last = tokens[k...].firstIndex(where: { $0.end == end })
            else { continue }
            consumed = end
            let text = ScalarText.string(scalars, token.start, end)
            numbers.append(
                BareNumber(
                    first: k, last: last, start: token.start, end: end, value: value, text: text,
                    isInteger: !text.hasByte(UInt8(ascii: ".")) && !text.hasByte(UInt8(ascii: ","))))
        }
        return numbers
    }
}
