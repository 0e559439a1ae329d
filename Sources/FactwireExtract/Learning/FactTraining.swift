import Foundation

/// Trains a ``FactModel`` from annotated articles (the evaluation set's gold JSON).
///
/// Labels come from the gold: a candidate whose value (±0.5 %, sign ignored) and unit match a gold fact
/// takes that fact's metric key and company, preferring the fact whose evidence contains the quantity's
/// text; every other candidate is `NONE`. Training is deterministic for a seed.
public enum FactTraining {
    /// A gold fact, as the annotation writes it.
    public struct GoldFact: Decodable, Sendable {
        public var company: String?
        public var metric: String
        public var value: Double
        public var unit: String
        public var evidence: String?
        public var growthOf: String?
        public var metricDetail: String?
        public var alternatives: [Alternative]?

        public struct Alternative: Decodable, Sendable {
            public var value: Double
            public var unit: String
        }

        enum CodingKeys: String, CodingKey {
            case company, metric, value, unit, evidence, alternatives
            case growthOf = "growth_of"
            case metricDetail = "metric_detail"
        }

        var key: String {
            switch metric {
            case "growth": "growth:" + (growthOf ?? "")
            case "other": "other:" + (metricDetail ?? "")
            default: metric
            }
        }
    }

    /// An annotated article.
    public struct GoldArticle: Decodable, Sendable {
        public var companies: [String]
        public var aliases: [String: [String]]?
        public var facts: [GoldFact]
    }

    /// An article's bytes with its annotation.
    public struct Example: Sendable {
        public var id: String
        public var bytes: [UInt8]
        public var mediaType: ArticleReader.MediaType?
        public var gold: GoldArticle
        public init(id: String, bytes: [UInt8], mediaType: ArticleReader.MediaType?, gold: GoldArticle) {
            self.id = id
            self.bytes = bytes
            self.mediaType = mediaType
            self.gold = gold
        }
    }

    /// How to train.
    public struct Options: Sendable {
        public var epochs = 4
        public var seed: UInt64 = 1
        /// The score margin over "no fact" a figure needs to be reported. At 0 the model reports every figure it
        /// leans towards, and a wrong row in `factwire.facts` misleads every query that reads it, so the margin buys
        /// precision with recall. Cross-validated by article (five folds, 7 fold seeds, the model of 2026-12-08): 30
        /// scores F1 0.860 at precision 0.909, 20 scores 0.863 at 0.906, 15 scores 0.864 at 0.904; the lowest seed's
        /// precision is 0.906, 0.901 and 0.901. Ten folds (6 seeds): 30 scores 0.862 at 0.907, 20 scores 0.866 at
        /// 0.906 (lowest seed 0.901). 20 and 15 keep every seed above the 0.90 precision bar; 20 leaves the mean more
        /// room above it for articles unlike these, for 0.001 of F1.
        public var threshold: Float = 20
        /// Features seen in fewer training articles than this are dropped.
        public var minCount = 2
        /// Perceptrons averaged, each trained on its own order of the examples. Cross-validated (7 fold seeds), 15
        /// scored about 0.002 F1 above 5, and 25 no better than 15: more orders average away more of each one's luck.
        public var bags = 15
        /// The metric model also learns from examples it gets right by less than this score margin over the
        /// best wrong class (a margin perceptron); 0 learns from mistakes alone. A margin pushes the
        /// decision away from examples that were barely right, which held up better on unseen articles.
        public var margin: Float = 128
        public init() {}
    }

    struct MetricExample {
        var features: [UInt64]
        var label: Int
        var kind: Quantity.Kind
    }

    struct CompanyExample {
        var options: [[UInt64]]
        var gold: Int
    }

    /// The scorer's name normalisation: lower case, punctuation and legal suffixes dropped.
    static func normalized(_ name: String) -> String {
        let suffixes: Set<String> = [
            "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "plc",
            "llc", "ag", "sa", "se", "nv", "group", "holding", "holdings"
        ]
        var words: [String] = []
        var current = ""
        for ch in name.lowercased().unicodeScalars {
            if ch.properties.isAlphabetic || ch.properties.numericType != nil || ch == "&" || ch == "_" {
                current.unicodeScalars.append(ch)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.filter { !suffixes.contains($0) }.joined(separator: " ")
    }

    static func close(_ a: Double, _ b: Double) -> Bool {
        b == 0 ? a == 0 : abs(abs(a) - abs(b)) <= 0.005 * abs(b)
    }

    static func squeeze(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }

    /// The article's candidates with their gold labels (metric key, company) or nil for `NONE`.
    static func labelled(_ example: Example) throws
        -> [(context: ArticleContext, labels: [(key: String, company: String?)?])]
    {
        var out: [(context: ArticleContext, labels: [(key: String, company: String?)?])] = []
        for entry in try ArticleReader.read(example.bytes, mediaType: example.mediaType) {
            let context = FactExtractor(model: nil).context(for: entry.article, address: entry.url)
            let gold = example.gold.facts
            let evidence = gold.map { squeeze($0.evidence ?? "") }
            func matches(_ q: Quantity, _ g: GoldFact) -> Bool {
                var forms = [(g.value, g.unit)]
                for alt in g.alternatives ?? [] { forms.append((alt.value, alt.unit)) }
                return forms.contains { value, unit in
                    let unitOK: Bool =
                        switch q.kind {
                        case .money: unit == q.unit
                        case .percent: unit == "percent"
                        case .percentagePoints: false
                        case .count: unit == "units" || unit == "people"
                        }
                    return unitOK && close(q.value, value)
                }
            }
            let quantities = context.candidates.map { context.sentences[$0.sentence].reading.quantities[$0.quantity] }
            // Gold facts some candidate matches with its text inside the evidence.
            var strong: Set<Int> = []
            for q in quantities {
                for (gi, g) in gold.enumerated() where matches(q, g) && evidence[gi].contains(squeeze(q.text)) {
                    strong.insert(gi)
                }
            }
            var labels: [(key: String, company: String?)?] = []
            for q in quantities {
                let text = squeeze(q.text)
                // The figure of a gold fact read again outside the sentence the annotation quotes (a headline
                // and the body, a table and the prose) is that fact too: the scorer counts it once, and teaching
                // the model that it is no fact would teach it to miss the quoted one.
                let hit =
                    gold.indices.first { matches(q, gold[$0]) && evidence[$0].contains(text) }
                    ?? gold.indices.first { matches(q, gold[$0]) && !strong.contains($0) }
                    ?? gold.indices.first { matches(q, gold[$0]) }
                labels.append(hit.map { (gold[$0].key, gold[$0].company) })
            }
            out.append((context, labels))
        }
        return out
    }

    /// Trains a model on `examples`.
    public static func train(_ examples: [Example], globalAliases: [String: [String]], options: Options = Options())
        throws -> FactModel
    {
        var metricExamples: [MetricExample] = []
        var companyExamples: [CompanyExample] = []
        var labelNames: Set<String> = []
        var pending: [(features: [UInt64], key: String?, kind: Quantity.Kind)] = []
        // In how many articles each feature occurs: one seen in a single article is that article's, not the language's.
        var documentFrequency: [UInt64: Int] = [:]
        for example in examples {
            var articleFeatures: Set<UInt64> = []
            defer { for f in articleFeatures { documentFrequency[f, default: 0] += 1 } }
            var names: [String: String] = [:]  // normalised name → gold canonical
            for company in example.gold.companies {
                names[normalized(company)] = company
                for alias in (example.gold.aliases?[company] ?? []) + (globalAliases[company] ?? []) {
                    if names[normalized(alias)] == nil { names[normalized(alias)] = company }
                }
            }
            for (context, labels) in try labelled(example) {
                let features = CandidateFeatures(context: context)
                for (candidate, label) in zip(context.candidates, labels) {
                    // A cell whose grouped header decides its metric teaches the model nothing it will be asked.
                    if TableReader.groupedMetric(context.sentences[candidate.sentence], quantity: candidate.quantity)
                        != nil
                    {
                        continue
                    }
                    let q = context.sentences[candidate.sentence].reading.quantities[candidate.quantity]
                    let metricFeatures = features.metric(candidate)
                    articleFeatures.formUnion(metricFeatures)
                    pending.append((metricFeatures, label?.key, q.kind))
                    guard let label else { continue }
                    labelNames.insert(label.key)
                    let options = features.companyOptions(candidate, metricKey: label.key)
                    let goldName = label.company.map { names[normalized($0)] ?? $0 }
                    let target = options.firstIndex { option in
                        guard let name = option.name else { return goldName == nil }
                        guard let goldName else { return false }
                        return names[normalized(name)] == goldName || normalized(name) == normalized(goldName)
                    }
                    for option in options { articleFeatures.formUnion(option.features) }
                    if let target, options.count > 1 {
                        companyExamples.append(CompanyExample(options: options.map(\.features), gold: target))
                    }
                }
            }
        }
        let classes = ["NONE"] + labelNames.sorted()
        let classIndex = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        var allowedSets: [Quantity.Kind: Set<Int>] = [:]
        for item in pending {
            let label = item.key.flatMap { classIndex[$0] } ?? 0
            if label != 0 { allowedSets[item.kind, default: [0]].insert(label) }
            metricExamples.append(MetricExample(features: item.features, label: label, kind: item.kind))
        }
        let allowed = allowedSets.mapValues { $0.sorted() }
        let keep: (UInt64) -> Bool = { (documentFrequency[$0] ?? 0) >= options.minCount }
        for index in metricExamples.indices { metricExamples[index].features.removeAll { !keep($0) } }
        for index in companyExamples.indices {
            companyExamples[index].options = companyExamples[index].options.map { $0.filter(keep) }
        }

        // Several perceptrons, each on its own seeded order, averaged: a vote that depends less on the order
        // the examples happened to come in (bagging without resampling).
        var metrics: [LinearModel] = []
        var companies: [LinearModel] = []
        for bag in 0..<max(1, options.bags) {
            var random = SplitMix64(seed: options.seed &+ UInt64(bag) &* 0x9E37_79B9)
            var order = Array(metricExamples.indices)
            var metricModel = Perceptron(classCount: classes.count)
            for _ in 0..<options.epochs {
                order.shuffle(using: &random)
                for i in order {
                    let example = metricExamples[i]
                    guard let choices = allowed[example.kind] else { continue }
                    let scores = metricModel.scores(example.features)
                    if options.margin > 0 {
                        // The best class other than the gold one, updated against unless gold wins by the margin.
                        var rival = -1
                        for c in choices where c != example.label && (rival < 0 || scores[c] > scores[rival]) {
                            rival = c
                        }
                        if rival >= 0, scores[example.label] - scores[rival] < options.margin {
                            metricModel.update(example.features, gold: example.label, predicted: rival)
                        }
                    } else {
                        var predicted = choices[0]
                        for c in choices where scores[c] > scores[predicted] { predicted = c }
                        if predicted != example.label {
                            metricModel.update(example.features, gold: example.label, predicted: predicted)
                        }
                    }
                    metricModel.tick()
                }
            }
            metrics.append(metricModel.averaged(classes: classes, keep: keep))
            var companyModel = Perceptron(classCount: 1)
            var companyOrder = Array(companyExamples.indices)
            for _ in 0..<options.epochs {
                companyOrder.shuffle(using: &random)
                for i in companyOrder {
                    let example = companyExamples[i]
                    var predicted = 0
                    var best = -Float.infinity
                    for (index, option) in example.options.enumerated() {
                        let score = companyModel.score(option)
                        if score > best {
                            best = score
                            predicted = index
                        }
                    }
                    if predicted != example.gold {
                        companyModel.rankUpdate(
                            gold: example.options[example.gold], predicted: example.options[predicted])
                    }
                    companyModel.tick()
                }
            }
            companies.append(companyModel.averaged(classes: ["score"], keep: keep))
        }
        let metric = LinearModel.mean(metrics)
        let company = LinearModel.mean(companies)
        return FactModel(
            metric: metric,
            company: company,
            threshold: options.threshold, allowed: allowed)
    }
}

extension FactTraining {
    /// One candidate with its gold label, for error analysis.
    public struct CandidateRecord: Codable, Sendable {
        public var text: String
        public var value: Double
        public var unit: String
        public var kind: String
        public var label: String?
        public var company: String?
        public var sentence: String
        /// With a model: the metric key its linear model picks before any rule, and that key's score minus
        /// `NONE`'s (negative when the model leaves the figure alone).
        public var predicted: String?
        public var margin: Float?
        /// With a model and a label: the company options for the gold metric key, best first, with the
        /// ranker's scores (nil for no company), and the company in focus and the article's main one.
        public var options: [CompanyScore]?
        public var focus: String?
        public var main: String?
    }

    public struct CompanyScore: Codable, Sendable {
        public var name: String?
        public var score: Float
    }

    /// Every candidate of `example` with its label, and with `model`'s raw metric decision when given one.
    public static func candidates(_ example: Example, model: FactModel? = nil) throws -> [CandidateRecord] {
        try labelled(example).flatMap { context, labels in
            let features = CandidateFeatures(context: context)
            return zip(context.candidates, labels).map { candidate, label in
                let s = context.sentences[candidate.sentence]
                let q = s.reading.quantities[candidate.quantity]
                var record = CandidateRecord(
                    text: q.text, value: q.value, unit: q.unit, kind: q.kind.rawValue, label: label?.key,
                    company: label?.company, sentence: s.text)
                if let model, let (key, margin) = model.bestMetric(features.metric(candidate), kind: q.kind) {
                    record.predicted = key
                    record.margin = margin
                }
                if let model, let label {
                    record.options = features.companyOptions(candidate, metricKey: label.key).filter { !$0.isAside }
                        .map { CompanyScore(name: $0.name, score: model.company.score($0.features)) }
                        .sorted { $0.score > $1.score }
                    record.focus = candidate.focus
                    record.main = context.main
                }
                return record
            }
        }
    }
}
