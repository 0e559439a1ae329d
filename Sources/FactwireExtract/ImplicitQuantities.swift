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
        var numbers = TableReader.bareNumbers(scalars, tokens: tokens, quantities: quantities)[...]
        for (k, token) in tokens.enumerated() {
            if headcountWords.contains(token.lower) {
                lastHeadcount = k
                continue
            }
            guard let number = numbers.first, number.first == k else { continue }
            numbers.removeFirst()
            let value = number.value
            let isYear = number.isInteger && value >= 1900 && value <= 2100
            // "410.2 billion" with the sentence's one currency.
            if currencies.count == 1, let currency = currencies.first, number.last + 1 < tokens.count,
                let scale = QuantityLexicon.scales[tokens[number.last + 1].lower], scale >= 1e6,
                (value * scale).isFinite, value * scale <= QuantityParser.largestValue
            {
                let after = tokens[number.last + 1]
                found.append(
                    Quantity(
                        text: ScalarText.string(scalars, number.start, after.end), start: number.start,
                        end: after.end, value: QuantityParser.tidy(value * scale), unit: currency, kind: .money))
                continue
            }
            // "headcount … 71,469": within a few words after the headcount word, a whole number of people.
            if k - lastHeadcount <= 5, !isYear, value >= 100, value <= 1e10, value == value.rounded() {
                found.append(
                    Quantity(
                        text: number.text, start: number.start, end: number.end, value: value, unit: "employees",
                        kind: .count))
            }
        }
        return found
    }
}
