import FactwireCore
import FactwireExtract
import Foundation

/// The whole extractor (decode, normalize, sentences, quantities, companies, facts) on one core over a
/// corpus, best of several passes.
///
/// The default corpus is generated, not copied: prose paragraphs built from templates with invented
/// companies, figures in every supported form, bylines, chrome lines and a results table, in the
/// proportions of a business news page (most sentences carry no figure).
public struct ExtractBenchmark: Sendable {
    public struct Configuration: Sendable {
        /// Corpus size in megabytes.
        public var megabytes = 20
        /// Seed of the generated corpus.
        public var seed: UInt64 = 42
        /// Timed passes; the best is reported.
        public var passes = 3
        /// A folder whose files (repeated up to `megabytes`) replace the generated corpus; each file is
        /// read as its extension says (`.html` as a web page), as `factwire extract` does.
        public var corpus: String?
        /// The hand-written rules alone, without the learned model (what the model costs).
        public var rulesOnly = false
        public init() {}
    }

    /// What one run measured.
    public struct Report: Encodable, Sendable {
        public var benchmark = "extract"
        public var corpus: String
        public var articles: Int
        public var bytes: Int
        public var seconds: Double
        public var megabytesPerSecond: Double
        public var articlesPerSecond: Double
        public var facts: Int
        public var failures: Int
        public var factsPerArticle: Double
        public var threads = 1
        public var passes: Int
        public var model: String

        enum CodingKeys: String, CodingKey {
            case benchmark, corpus, articles, bytes, seconds, facts, failures, threads, passes, model
            case megabytesPerSecond = "mb_per_s"
            case articlesPerSecond = "articles_per_s"
            case factsPerArticle = "facts_per_article"
        }
    }

    /// Seconds per size of one long line of figures, and the ratio per doubling.
    public struct ScalingReport: Encodable, Sendable {
        public struct Run: Encodable, Sendable {
            public var bytes: Int
            public var seconds: Double
            public var facts: Int
            /// Time over the previous size's time (about 2 when extraction is linear).
            public var ratio: Double?
        }

        public var benchmark = "extract-scaling"
        public var runs: [Run]
    }

    public var configuration: Configuration

    public init(configuration: Configuration) { self.configuration = configuration }

    var model: FactModel? { configuration.rulesOnly ? nil : FactModel.shipped }

    public func run() throws -> Report {
        var generator = CorpusGenerator(seed: configuration.seed)
        var articles: [(bytes: [UInt8], type: ArticleReader.MediaType?)] = []
        var bytes = 0
        var files: [(bytes: [UInt8], type: ArticleReader.MediaType?)] = []
        if let corpus = configuration.corpus {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus).sorted()) ?? []
            files = names.compactMap { name in
                FileManager.default.contents(atPath: (corpus as NSString).appendingPathComponent(name))
                    .map { (Array($0), ArticleReader.MediaType(pathExtension: (name as NSString).pathExtension)) }
            }
            guard !files.isEmpty else {
                throw BenchmarkFailure(description: "--corpus \(corpus) has no readable files")
            }
        }
        while bytes < configuration.megabytes * 1_000_000 {
            let article =
                files.isEmpty ? (Array(generator.article().utf8), .plainText) : files[articles.count % files.count]
            bytes += article.bytes.count
            articles.append(article)
        }
        var best = Double.infinity
        var facts = 0
        var failures = 0
        for _ in 0..<configuration.passes {
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
            best = min(best, (ContinuousClock.now - start).seconds)
        }
        return Report(
            corpus: configuration.corpus ?? "generated", articles: articles.count, bytes: bytes,
            seconds: Rounding.places(best, 3), megabytesPerSecond: Rounding.places(Double(bytes) / 1e6 / best, 2),
            articlesPerSecond: (Double(articles.count) / best).rounded(), facts: facts, failures: failures,
            factsPerArticle: Rounding.places(Double(facts) / Double(articles.count), 2),
            passes: configuration.passes, model: configuration.rulesOnly ? "rules only" : "shipped")
    }

    /// One line of "Acme Inc revenue was $N billion, …" clauses (every clause a figure) at 0.25, 0.5, 1
    /// and 2 MB: seconds for each and the ratio per doubling, which stays near 2 when extraction is linear.
    public func scaling() throws -> ScalingReport {
        var runs: [ScalingReport.Run] = []
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
            for _ in 0..<configuration.passes {
                let start = ContinuousClock.now
                facts = try Extraction.extract(bytes, mediaType: .plainText, model: model)
                    .reduce(0) { $0 + $1.facts.count }
                best = min(best, (ContinuousClock.now - start).seconds)
            }
            runs.append(
                .init(
                    bytes: bytes.count, seconds: Rounding.places(best, 3), facts: facts,
                    ratio: previous.map { Rounding.places(best / $0, 2) }))
            previous = best
        }
        return ScalingReport(runs: runs)
    }
}

/// Figures rounded for reports.
enum Rounding {
    static func places(_ value: Double, _ places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }
}

/// Why a benchmark could not finish.
public struct BenchmarkFailure: Error, CustomStringConvertible, Sendable {
    public var description: String
}
