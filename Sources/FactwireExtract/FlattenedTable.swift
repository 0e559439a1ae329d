/// A table whose rows lost their line breaks: PDF and slide text often arrives as one line,
/// "Q1 Q1 (in millions of €) 2026 2025 Revenue 1,310 1,254 4.5% Net income 131 117 12% …".
///
/// Read as one sentence, every figure of it sits beside every label, and the row-wise table reader never
/// sees it. Split back into a header and one row per label ("Revenue 1,310 1,254 4.5%"), each figure gets
/// its row's label, the header's units and its column. A row starts where a word follows a figure.
enum FlattenedTable {
    /// A part of the line, as token indexes.
    struct Part {
        var tokens: Range<Int>
        var isHeader: Bool
    }

    /// The fewest rows that make a line a flattened table, and the most words a row label has.
    static let minimumRows = 3
    static let longestLabel = 6

    /// The line's header (if any) and rows, or nil when the line is not a flattened table.
    static func parts(_ tokens: [Token], quantityTokens: [Range<Int>]) -> [Part]? {
        // Prose ends with a period; a table's last cell does not.
        guard let last = tokens.last, last.text != "." else { return nil }
        // Most lines hold a few numbers: an upper bound on the figures, counted without allocating, turns them
        // away before any array is built (every sentence of every article comes through here).
        var bound = quantityTokens.count
        for k in tokens.indices where tokens[k].isWord && QuantityParser.isDigit(tokens[k].text.unicodeScalars.first!) {
            bound += 1
        }
        guard bound >= 2 * minimumRows else { return nil }
        // Figures: the quantities found, and bare numbers (a table's cells carry no unit); not years.
        var isFigure = [Bool](repeating: false, count: tokens.count)
        // Where each figure begins (a quantity's first token, or a bare number): figures are counted so.
        var figureStart = [Bool](repeating: false, count: tokens.count)
        for range in quantityTokens where !range.isEmpty {
            for k in range { isFigure[k] = true }
            figureStart[range.lowerBound] = true
        }
        for k in tokens.indices where !isFigure[k] && tokens[k].isWord && isBareNumber(tokens[k].text) {
            isFigure[k] = true
            figureStart[k] = true
        }
        guard figureStart.filter({ $0 }).count >= 2 * minimumRows else { return nil }
        func isLabelWord(_ k: Int) -> Bool {
            tokens[k].isWord && !isFigure[k] && tokens[k].text.unicodeScalars.first.map(QuantityParser.isLetter) == true
        }
        // Row starts: a label word whose nearest word before it is a figure.
        var starts: [Int] = []
        var lastWord: Int?
        for k in tokens.indices where tokens[k].isWord {
            if isLabelWord(k), let lastWord, isFigure[lastWord] { starts.append(k) }
            lastWord = k
        }
        guard starts.count >= minimumRows - 1 else { return nil }
        // Each row: a short label, then two figures or more and nothing else (footnote marks and signs
        // between them).
        let ends = Array(starts.dropFirst()) + [tokens.count]
        for (start, end) in zip(starts, ends) {
            guard let first = (start..<end).first(where: { isFigure[$0] }) else { return nil }
            let labelWords = (start..<first).filter { tokens[$0].isWord }.count
            let figures = (first..<end).filter { figureStart[$0] }.count
            guard labelWords <= longestLabel, figures >= 2, !(first..<end).contains(where: isLabelWord) else {
                return nil
            }
        }
        // Before the first start: the header, and the first row when label words stand right before the first
        // figure there ("(in millions of €) 2026 2025 Revenue 1,310 1,254 …").
        var rowStarts = starts
        if let firstFigure = (0..<starts[0]).first(where: { isFigure[$0] }) {
            var labelStart = firstFigure
            while labelStart > 0, isLabelWord(labelStart - 1), firstFigure - labelStart < longestLabel {
                labelStart -= 1
            }
            let figures = (firstFigure..<starts[0]).filter { figureStart[$0] }.count
            if labelStart < firstFigure, figures >= 2, !(firstFigure..<starts[0]).contains(where: isLabelWord) {
                rowStarts.insert(labelStart, at: 0)
            }
        }
        guard rowStarts.count >= minimumRows else { return nil }
        // "1 Kestrel 31.0% 29.2% 2 Marlow …": a ranking of companies, numbers counting up before each name, is
        // left whole. Read across, its names and figures pair up in order, which the company ranker reads;
        // split, each row would lose the header's words that say what its columns measure.
        let ranks = rowStarts.map { start -> Int? in
            guard start > 0, tokens[start - 1].isWord,
                tokens[start - 1].text.unicodeScalars.allSatisfy(QuantityParser.isDigit)
            else { return nil }
            return Int(tokens[start - 1].text)
        }
        if let firstRank = ranks[0], ranks.enumerated().allSatisfy({ $1 == firstRank + $0 }) {
            // Unless its header groups the columns under measures ("Sales Share 2Q26 1Q26 QoQ 2Q26 1Q26"):
            // read across, the measures' words would sit beside every cell. Then each row (without its rank) goes
            // under the header, which names each cell's column.
            let header = tokens[..<(rowStarts[0] - 1)].filter(\.isWord).map(\.lower).filter { $0.count > 1 }
            guard TableHeader.groupedCells(header) != nil else { return nil }
            var parts = [Part(tokens: 0..<(rowStarts[0] - 1), isHeader: true)]
            for (index, start) in rowStarts.enumerated() {
                var end = index + 1 < rowStarts.count ? rowStarts[index + 1] - 1 : tokens.count
                // the next rank after the last row, with no row to follow it
                if index + 1 == rowStarts.count, end - start > 1, tokens[end - 1].text == String(firstRank + index + 1)
                {
                    end -= 1
                }
                parts.append(Part(tokens: start..<end, isHeader: false))
            }
            return parts
        }
        var parts: [Part] = []
        if rowStarts[0] > 0 { parts.append(Part(tokens: 0..<rowStarts[0], isHeader: true)) }
        for (index, start) in rowStarts.enumerated() {
            let end = index + 1 < rowStarts.count ? rowStarts[index + 1] : tokens.count
            parts.append(Part(tokens: start..<end, isHeader: false))
        }
        return parts
    }

    /// "5,201", "0.53", "12": digits with separators; "2023" (a year) is not one.
    static func isBareNumber(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, QuantityParser.isDigit(first),
            scalars.allSatisfy({ QuantityParser.isDigit($0) || $0 == "," || $0 == "." })
        else { return false }
        if scalars.count == 4, let year = Int(text), (1900...2100).contains(year) { return false }
        return true
    }
}
