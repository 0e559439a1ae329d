import ArgumentParser

/// `factwire bench …`: benchmarks that print one JSON object. Run them on a release build.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput and latency (release build); prints JSON.",
        subcommands: [
            BenchQueueCommand.self, BenchExtractCommand.self, BenchIngestCommand.self, BenchAPICommand.self,
            BenchFiguresCommand.self
        ]
    )
}
