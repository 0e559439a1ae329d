extension Extraction {
    /// The extraction as `factwire extract` prints a JSON line: the input it came from, then the article,
    /// its companies and facts (and the URL, when the input gave one).
    public struct Sourced: Encodable {
        public var source: String
        public var extraction: Extraction

        public init(source: String, extraction: Extraction) {
            self.source = source
            self.extraction = extraction
        }

        enum CodingKeys: String, CodingKey { case source, article, companies, facts, url }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(source, forKey: .source)
            try container.encode(extraction.article, forKey: .article)
            try container.encode(extraction.companies, forKey: .companies)
            try container.encode(extraction.facts, forKey: .facts)
            try container.encodeIfPresent(extraction.url, forKey: .url)
        }
    }

    /// For a person at a terminal: the article's line, then a tab-separated line per fact.
    public func tableLines(source: String) -> [String] {
        let heading =
            "\(source): \(article.title ?? "(no title)") — \(article.author ?? "no author"), "
            + "\(article.published ?? "no date"), \(article.wordCount) words"
        guard !facts.isEmpty else { return [heading, "  (no facts)"] }
        return [heading]
            + facts.map { fact in
                let metric =
                    fact.metric == .growth
                    ? "growth:\(fact.growthOf ?? "?")"
                    : fact.metric == .other ? "other:\(fact.metricDetail ?? "?")" : fact.metric.rawValue
                let cells = [
                    fact.company ?? "(market)", metric, "\(fact.value)", fact.unit, fact.qualifier.rawValue,
                    fact.period ?? "-", fact.status.rawValue + (fact.derived == true ? " (derived)" : "")
                ]
                return "  " + cells.joined(separator: "\t")
            }
    }
}

extension Quantity {
    /// For a person at a terminal: offsets, text, value, unit, qualifier and the range, tab-separated.
    public var tableLine: String {
        let range = self.range.map { " [\($0[0]) … \($0[1])]" } ?? ""
        return "\(start)-\(end)\t\(text)\t\(value)\t\(unit)\t\(qualifier.rawValue)\(range)"
    }
}
