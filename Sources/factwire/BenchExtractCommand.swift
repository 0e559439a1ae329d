import ArgumentParser
import FactwireExtract
import Foundation

/// `factwire bench extract`: the whole extractor (decode, normalize, sentences, quantities, companies,
/// facts) on one core over a generated corpus of news-like articles; prints JSON.
///
/// The corpus is generated, not copied: prose paragraphs built from templates with invented companies,
/// figures in every supported form, bylines, chrome lines and a results table, in the proportions of a
/// business news page (most sentences carry no figure).
struct BenchExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extraction throughput on one core (MB/s, articles/s) over a generated corpus."
    )

    @Option(help: "Corpus size in megabytes.") var megabytes = 20
    @Option(help: "Random seed of the corpus.") var seed: UInt64 = 42
    @Option(help: "Timed passes over the corpus (the best is reported).") var passes = 3
    @Option(help: "Use the files of this folder (repeated up to --megabytes) instead of the generated corpus.")
    var corpus: String?
    @Flag(help: "The hand-written rules alone, without the learned model (to measure what the model costs).")
    var rulesOnly = false
    @Flag(help: "Instead: time one line of figures of 0.25, 0.5, 1 and 2 MB (linear time check).") var scaling = false

    func validate() throws {
        guard megabytes > 0, megabytes <= 2_000, passes > 0 else {
            throw ValidationError("--megabytes must be 1…2000 and --passes positive")
        }
    }

    func run() throws {
        if scaling { return try runScaling() }
        var generator = CorpusGenerator(seed: seed)
        // Each file is read as its extension says (`.html` as a web page), as `factwire extract` does;
        // without a known extension the content decides.
        var articles: [(bytes: [UInt8], type: ArticleReader.MediaType?)] = []
        var bytes = 0
        var files: [(bytes: [UInt8], type: ArticleReader.MediaType?)] = []
        if let corpus {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus).sorted()) ?? []
            files = names.compactMap { name in
                FileManager.default.contents(atPath: (corpus as NSString).appendingPathComponent(name))
                    .map { (Array($0), ArticleReader.MediaType(pathExtension: (name as NSString).pathExtension)) }
            }
            guard !files.isEmpty else { throw ValidationError("--corpus \(corpus) has no readable files") }
        }
        while bytes < megabytes * 1_000_000 {
            let article =
                files.isEmpty ? (Array(generator.article().utf8), .plainText) : files[articles.count % files.count]
            bytes += article.bytes.count
            articles.append(article)
        }
        var best = Double.infinity
        var facts = 0
        var failures = 0
        let model = rulesOnly ? nil : FactModel.shipped
        for _ in 0..<passes {
            facts = 0
            failures = 0
            let start = ContinuousClock.now
            for article in articles {
                do {
                    for extraction in try Extraction.extract(article.bytes, mediaType: article.type, model: model) {
                        facts += extraction.facts.count
                    }
                } catch {
                    failures += 1
                }
            }
            let elapsed = ContinuousClock.now - start
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        let result: [String: Any] = [
            "benchmark": "extract", "corpus": corpus ?? "generated", "articles": articles.count, "bytes": bytes,
            "seconds": (best * 1000).rounded() / 1000,
            "mb_per_s": (Double(bytes) / 1e6 / best * 100).rounded() / 100,
            "articles_per_s": (Double(articles.count) / best).rounded(), "facts": facts, "failures": failures,
            "facts_per_article": (Double(facts) / Double(articles.count) * 100).rounded() / 100, "threads": 1,
            "passes": passes,
            "model": rulesOnly ? "rules only" : "shipped"
        ]
        let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}

extension BenchExtractCommand {
    /// One line of "Acme Inc revenue was $N billion, …" clauses (every clause a figure) at 0.25, 0.5, 1 and
    /// 2 MB: seconds for each and the ratio per doubling, which stays near 2 when extraction is linear.
    func runScaling() throws {
        var rows: [[String: Any]] = []
        var previous: Double?
        for size in [250_000, 500_000, 1_000_000, 2_000_000] {
            var text = ""
            var i = 0
            while text.utf8.count < size {
                text += "Acme Inc revenue was $\(i % 97 + 1).\(i % 10) billion, "
                i += 1
            }
            let bytes = Array((text + "\n").utf8)
            var best = Double.infinity
            var facts = 0
            for _ in 0..<passes {
                let start = ContinuousClock.now
                facts = try Extraction.extract(bytes, mediaType: .plainText, model: rulesOnly ? nil : FactModel.shipped)
                    .reduce(0) { $0 + $1.facts.count }
                let elapsed = ContinuousClock.now - start
                best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            var row: [String: Any] = ["bytes": bytes.count, "seconds": (best * 1000).rounded() / 1000, "facts": facts]
            if let previous { row["ratio"] = (best / previous * 100).rounded() / 100 }
            previous = best
            rows.append(row)
        }
        let data = try JSONSerialization.data(
            withJSONObject: ["benchmark": "extract-scaling", "runs": rows], options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}

/// Deterministic generator of news-like articles.
struct CorpusGenerator {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { random.next() }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    mutating func number(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func decimal() -> String { "\(number(1...950)).\(number(0...9))" }

    static let first = [
        "Larkspur", "Northwind", "Quillfeather", "Marlow", "Brackett", "Corvane", "Ferncliff", "Harrow", "Ostrava",
        "Pinecrest", "Veltro", "Kestrel", "Tamsin", "Orlen", "Dunmore", "Aldgate", "Brisca", "Calloway"
    ]
    static let second = [
        "Networks", "Systems", "Technologies", "Electronics", "Group", "Holdings", "Motors", "Telecom", "Labs", "Inc",
        "AG", "Ltd"
    ]
    static let prose = [
        "Executives said the outlook for the coming quarters remains uncertain, citing supply constraints and currency swings.",
        "The company has been investing in new factories across Asia and Europe to diversify its manufacturing base.",
        "Customers in the enterprise segment continued to delay purchases, according to people familiar with the matter.",
        "Regulators in several countries are reviewing the proposed merger, which would combine two of the largest suppliers.",
        "\"We are pleased with the progress of our transformation programme,\" the chief executive told reporters on a call.",
        "Demand for cloud services and data-centre equipment was strong, while consumer devices were weaker than expected.",
        "The firm also announced a new partnership with a regional carrier to deploy its latest networking gear.",
        "Competition from lower-cost rivals has intensified, squeezing prices in the mid-range of the market."
    ]

    mutating func company() -> String { "\(pick(Self.first)) \(pick(Self.second))" }

    mutating func figureSentence(_ name: String) -> String {
        let year = number(2015...2025)
        switch number(0...9) {
        case 0:
            return
                "\(name) reported revenue of $\(decimal()) billion for fiscal \(year), up \(decimal())% year-on-year."
        case 1:
            return
                "Its net profit fell \(number(1...40)).\(number(0...9)) per cent to Rs \(number(1...9)),\(number(100...999)) crore in the third quarter."
        case 2:
            return
                "\(name) said its operating profit for the second quarter was \(decimal()) trillion won, down \(number(1...60))% from a year earlier."
        case 3:
            return
                "The company spends over \(number(5...25)) percent of its US$\(number(2...90)) billion revenue on R&D."
        case 4:
            return "\(name) - \(decimal()) million units sold with a \(number(1...30)).\(number(0...9))% market share"
        case 5:
            return
                "Earnings per share were €\(number(1...9)).\(number(10...99)) and the board proposed a dividend of €\(number(1...5)).\(number(10...99)) per share."
        case 6:
            return
                "In \(year), \(name) reported a net profit of CNY\(decimal()) billion, a decline of \(number(1...70)).\(number(0...9))% year-on-year."
        case 7:
            return
                "The group ended the year with a headcount of \(number(1...99)),\(number(100...999)) employees and plans to hire \(number(100...999)) more."
        case 8:
            return
                "Adjusted EBITDA was \(decimal()) million pounds, while orders and revenue were €\(decimal()) million and €\(decimal()) million, respectively."
        default:
            return
                "Shares of \(name) rose \(number(1...9)).\(number(0...9))% to $\(number(10...300)).\(number(10...99)) in New York trading."
        }
    }

    mutating func article() -> String {
        let name = company()
        var lines = [
            "Business › Technology", "", "\(name) results beat expectations", "",
            "The \(pick(["network", "chip", "device", "software"])) maker reported a busy quarter.",
            "By \(pick(["Dana Whitcombe", "Ravi Menon", "Aiko Tanaka"])), Senior Reporter", ""
        ]
        for _ in 0..<number(6...14) {
            var paragraph: [String] = []
            for _ in 0..<number(2...5) {
                paragraph.append(number(0...2) == 0 ? figureSentence(name) : pick(Self.prose))
            }
            lines.append(paragraph.joined(separator: " "))
            lines.append("")
            if number(0...7) == 0 {
                lines.append(pick(["Advertisement", "Share this article", "Editorial standards"]))
                lines.append("")
            }
        }
        return lines.joined(separator: "\n")
    }
}
