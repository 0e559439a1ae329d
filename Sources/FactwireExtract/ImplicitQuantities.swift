/// Figures whose unit the text gives once for several, or only through the word before them:
///
/// - "Operating income reached 410.2 billion …, against a loss of 96.5 billion won": a scaled number
///   without a unit takes the currency of the sentence's other amounts (when they all agree);
/// - "total headcount to 4,12,500", "its workforce stood at 61,200", "Total employees: 238,000": a bare
///   number right after a headcount word counts people.
enum ImplicitQuantities {
    static let headcountWords: WordSet = ["headcount", "workforce", "employees", "staff", "employee"]
    /// Words that say the sentence counts products shipped or sold.
    static let shipmentWords: WordSet = ["shipments", "shipped", "shipping", "deliveries", "delivered", "sold"]

    static func find(_ scalars: [Unicode.Scalar], tokens: [Token], quantities: [Quantity]) -> [Quantity] {
        let currencies = Set(quantities.filter { $0.kind == .money }.map(\.unit))
        let hasCount = quantities.contains { $0.kind == .count }
        // Most sentences have neither an amount, a count nor a headcount word: nothing to look for.
        let speaksOfUnits = currencies.isEmpty && shipmentWords.containsAny(tokens)
        guard
            !currencies.isEmpty || hasCount || speaksOfUnits
                || headcountWords.containsAny(tokens)
        else { return [] }
        // The one counted unit of the sentence, for "… 31.5 million e-readers, against 27.2 million a year before".
        let countUnits = Set(quantities.filter { $0.kind == .count }.map(\.unit))
        let countUnit = countUnits.count == 1 ? countUnits.first : (countUnits.isEmpty && speaksOfUnits ? "units" : nil)
        var found: [Quantity] = []
        var lastHeadcount = -100
        var lastHeadcountWasNumber = false
        var numbers = TableReader.bareNumbers(scalars, tokens: tokens, quantities: quantities)[...]
        for k in tokens.indices {
            if headcountWords.contains(tokens[k]) {
                lastHeadcount = k
                lastHeadcountWasNumber = false
                continue
            }
            guard let number = numbers.first, number.first == k else { continue }
            numbers.removeFirst()
            let value = number.value
            let isYear = number.isInteger && TableReader.isYear(value)
            // The number with the scale word after it ("410.2 billion"), when there is one.
            let scaled: (scale: Double, end: Int)? =
                number.last + 1 < tokens.count
                ? QuantityLexicon.scales[tokens[number.last + 1].lower].map { ($0, tokens[number.last + 1].end) } : nil
            func scaledQuantity(unit: String, kind: Quantity.Kind) -> Quantity? {
                guard let (scale, end) = scaled, (value * scale).isFinite, value * scale <= QuantityParser.largestValue
                else { return nil }
                return Quantity(
                    text: ScalarText.string(scalars, number.start, end), start: number.start, end: end,
                    value: QuantityParser.tidy(value * scale), unit: unit, kind: kind)
            }
            // "410.2 billion" takes the sentence's one currency; with several ("62.4 billion riyals ($16.6
            // billion) … from 83.3 billion"), the currency of the last amount before it that is not a conversion
            // in parentheses.
            if let scale = scaled?.scale, scale >= 1e6,
                let currency = currencies.count == 1
                    ? currencies.first : Self.lastCurrency(before: number.start, quantities, scalars),
                let quantity = scaledQuantity(unit: currency, kind: .money)
            {
                found.append(quantity)
                continue
            }
            // "2.44 million and 1.31 million units": the unit written once for two scaled numbers.
            if hasCount, let scale = scaled?.scale, scale >= 1e3, number.last + 3 < tokens.count,
                ["and", "or", "to", "-", "–"].contains(tokens[number.last + 2].lower),
                let next = quantities.first(where: { $0.start == tokens[number.last + 3].start }), next.kind == .count,
                let quantity = scaledQuantity(unit: next.unit, kind: .count)
            {
                found.append(quantity)
                continue
            }
            // "31.5 million e-readers left the factories, against 27.2 million a year before", "deliveries climbed
            // 12% to 2.6 million": in a sentence of counted things and no money, a scaled number counts them too.
            if currencies.isEmpty, let unit = countUnit, let scale = scaled?.scale, scale >= 1e6,
                let quantity = scaledQuantity(unit: unit, kind: .count)
            {
                // "between 80 million and 95 million": one range, its midpoint the value.
                if let high = numbers.first, number.first > 0, tokens[number.first - 1].lower == "between",
                    high.first == number.last + 3, tokens[number.last + 2].lower == "and",
                    high.last + 1 < tokens.count, QuantityLexicon.scales[tokens[high.last + 1].lower] == scale,
                    high.value * scale >= quantity.value, high.value * scale <= QuantityParser.largestValue
                {
                    numbers.removeFirst()
                    let top = high.value * scale
                    let end = tokens[high.last + 1].end
                    found.append(
                        Quantity(
                            text: ScalarText.string(scalars, number.start, end), start: number.start, end: end,
                            value: QuantityParser.tidy((quantity.value + top) / 2), unit: unit, kind: .count,
                            qualifier: .range, range: [quantity.value, QuantityParser.tidy(top)]))
                    continue
                }
                found.append(quantity)
                continue
            }
            // "headcount … 71,469": within a few words after the headcount word, a whole number of people.
            // "stood at 6,08,985 as on September 30 compared to 6,15,318": a second headcount a little further on.
            if k - lastHeadcount <= (lastHeadcountWasNumber ? 8 : 5), !isYear, value >= 100, value <= 1e10,
                value == value.rounded()
            {
                lastHeadcount = number.last
                lastHeadcountWasNumber = true
                found.append(
                    Quantity(
                        text: number.text, start: number.start, end: number.end, value: value, unit: "employees",
                        kind: .count))
            }
        }
        return found
    }

    /// The currency of the last amount that ends before `start`, skipping conversions in parentheses.
    static func lastCurrency(before start: Int, _ quantities: [Quantity], _ scalars: [Unicode.Scalar]) -> String? {
        quantities.last { q in
            q.kind == .money && q.end <= start && !(q.start > 0 && scalars[q.start - 1] == "(")
        }?.unit
    }
}
