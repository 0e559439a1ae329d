import ArgumentParser
import FactwireBench
import FactwireCore
import Foundation

/// `factwire bench extract`: ``ExtractBenchmark`` (the whole extractor on one core over a generated or
/// given corpus); prints JSON.
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
        var configuration = ExtractBenchmark.Configuration()
        configuration.megabytes = megabytes
        configuration.seed = seed
        configuration.passes = passes
        configuration.corpus = corpus
        configuration.rulesOnly = rulesOnly
        let benchmark = ExtractBenchmark(configuration: configuration)
        do {
            print(try scaling ? JSONCoding.string(benchmark.scaling()) : JSONCoding.string(benchmark.run()))
        } catch let failure as BenchmarkFailure {
            throw ValidationError(failure.description)
        }
    }
}
