import ArgumentParser
import FactwireAPI
import FactwireIngest
import FactwireRuntime
import FactwireStore
import Foundation
import Logging
import PostgresNIO

/// `factwire reprocess`: re-extract stored articles with the current extractor, as jobs for all workers.
struct ReprocessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reprocess",
        abstract:
            "Queue every article (or those of another extractor version) for extraction again; facts are replaced atomically."
    )

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Every article, even those already extracted by this version.") var all = false
    @Flag(help: "Also documents that failed before (after an extractor fix).") var failed = false

    func run() async throws {
        let logger = global.makeLogger()
        let options = self
        try await global.withDatabase(logger: logger) { session in
            let version = IngestHandler.extractorVersion
            let count = try await DocumentStore(client: session.client, logger: logger).requeue(
                all: options.all, failed: options.failed, currentVersion: version, queue: IngestHandler.queue,
                kind: IngestHandler.kind)
            print("queued \(count) document(s) for extraction with \(version); ingest workers pick them up")
        }
    }
}
