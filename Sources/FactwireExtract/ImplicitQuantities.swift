/// Figures whose unit the text gives once for several, or only through the word before them:
///
/// - "Operating income reached 410.2 billion …, against a loss of 96.5 billion won": a scaled number
///   without a unit takes the currency of the sentence's other amounts (when they all agree);
/// - "total headcount to 4,12,500", "its workforce stood at 61,200", "Total employees: 238,000": a bare
///   number right after a headcount word counts people.
enum ImplicitQuantities {
    static let headcountWords: Set<String> = ["headcount", "workforce", "employees", "staff", "employee"]

    static func find(_ scalars: [Unicode.Scalar], tokens: [Token], quantities: [Quantity]) -> [Quantity] {
        let currencies = Set(quantities.filter { $0.kind == .money }.map(\.unit))
        // Most sentences have neither an amount nor a headcount word: nothing to look for.
        guard currencies.count == 1 || tokens.contains(where: { headcountWords.contains($0.lower) }) else { return [] }
        var found: [Quantity] = []
        var lastHeadcount = -100
        for (k, token) in tokens.enumerated() {
            if headcountWords.contains(token.lower) {
                lastHeadcount = k
                continue
            }
            guard token.isWord, let first = token.text.unicodeScalars.first, QuantityParser.isDigit(first),
                !quantities.contains(where: { $0.start < token.end && token.start < $0.end }),
                let (value, end) = QuantityParser.number(scalars, token.start), end == token.end
            else { continue }
            let isYear = !token.text.contains(".") && !token.text.contains(",") && value >= 1900 && value <= 2100
            // "410.2 billion" with the sentence's one currency.
            if currencies.count == 1, let currency = currencies.first, k + 1 < tokens.count,
                let scale = QuantityLexicon.scales[tokens[k + 1].lower], scale >= 1e6,
                (value * scale).isFinite, value * scale <= QuantityParser.largestValue
            {
                let after = tokens[k + 1]
                found.append(
                    Quantity(
                        text: ScalarText.string(scalars, token.start, after.end), start: token.start, end: after.end,
                        value: QuantityParser.tidy(value * scale), unit: currency, kind: .money))
                continue
            }
            // "headcount … 71,469": within a few words after the headcount word, a whole number of people.
            if k - lastHeadcount <= 5, !isYear, value >= 100, value <= 1e10, value == value.rounded() {
                found.append(
                    Quantity(
                        text: token.text, start: token.start, end: token.end, value: value, unit: "employees",
                        kind: .count))
            }
        }
        return found
    }
}
