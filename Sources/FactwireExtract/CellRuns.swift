/// Tables that the page text flattened to one cell per line: a row label, then each of its numbers as a
/// paragraph of its own ("Net income", "1,204", "1,117"). Joined back into one line per row
/// ("Net income 1,204 1,117"), they read as the rows ``TableReader`` knows, under the units the lines above
/// state; apart, each number is a sentence without a subject.
enum CellRuns {
    /// The most figures one row label takes: eight quarters, or a value and a change for four periods.
    static let maximumCells = 8

    /// Joins each label paragraph with the two or more number cells that follow it.
    static func joined(_ paragraphs: [String]) -> [String] {
        var out: [String] = []
        out.reserveCapacity(paragraphs.count)
        var index = 0
        while index < paragraphs.count {
            if isLabel(paragraphs[index]) {
                var end = index + 1
                while end < paragraphs.count, isNumberCell(paragraphs[end]) { end += 1 }
                let count = end - index - 1
                // More cells than a row holds is a column of figures run together, not one row.
                if count >= 2 && count <= Self.maximumCells {
                    // The column headings right above the table's first row, one per line ("Q2 2024",
                    // "Q3 2024", "Change"), become one header line with "|" between its cells.
                    if out.count >= count, !out.last!.utf8Contains(" | "),
                        out.suffix(count).allSatisfy({ isHeading($0) && !isNumberCell($0) })
                    {
                        let headings = out.suffix(count).joined(separator: " | ")
                        out.removeLast(count)
                        out.append(headings)
                    }
                    out.append(([paragraphs[index]] + paragraphs[(index + 1)..<end]).joined(separator: " "))
                    index = end
                    continue
                }
            }
            out.append(paragraphs[index])
            index += 1
        }
        return out
    }

    /// A cell holding one figure: digits with grouping, a sign, brackets, a percent sign or a currency
    /// symbol ("1,204", "(12)", "−3.5%", "$ 18,420"), nothing else.
    static func isNumberCell(_ text: String) -> Bool {
        guard text.utf8.count <= 32 else { return false }
        var digits = 0
        var letters = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "0"..."9":
                // Letters belong after the figure ("€3.4bn"), not before or between its digits.
                guard letters.isEmpty else { return false }
                digits += 1
            case ",", ".", "%", "(", ")", "-", "\u{2212}", "+", "$", "\u{20AC}", "\u{00A3}", "\u{00A5}", "\u{20B9}",
                " ", "\u{00A0}", "\t":
                continue
            case "a"..."z" where digits > 0 && letters.utf8.count < 3: letters.unicodeScalars.append(scalar)
            default: return false
            }
        }
        return digits > 0 && (letters.isEmpty || scaleSuffixes.contains(letters))
    }

    /// Scale and unit letters a figure cell may end with: "€3.4bn", "$420m", "(45)bps".
    static let scaleSuffixes: Set<String> = ["bn", "b", "m", "mn", "mln", "k", "bps", "pp", "pts"]

    /// A column heading: at most four words, no sentence end.
    static func isHeading(_ text: String) -> Bool {
        isLabel(text) && PlainTextNormalizer.wordCount(text) <= 4
    }

    /// A short line of words that can name a row: no sentence end, a letter, at most ten words.
    static func isLabel(_ text: String) -> Bool {
        guard text.utf8.count <= 120, !text.hasByte(10), let last = text.unicodeScalars.last,
            ![".", "!", "?", ":"].contains(last), text.unicodeScalars.contains(where: { $0.properties.isAlphabetic })
        else { return false }
        return PlainTextNormalizer.wordCount(text) <= 10
    }
}
