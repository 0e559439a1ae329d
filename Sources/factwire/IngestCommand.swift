import ArgumentParser
import FactwireClient
import FactwireCore
import FactwireExtract
import FactwireIngest
import FactwireRuntime
import Foundation
import Logging
import PostgresNIO

/// `factwire ingest PATH... | -`: store documents and queue their ingestion, in batches.
///
/// Folders are walked recursively for .txt, .html, .htm, .json and .ndjson files; NDJSON (a file or
/// standard input) gives one document per line. Identical bytes are stored once: documents already
/// stored are skipped before anything is queued. With `--wait` it follows the jobs to the end and
/// prints what became of them. Exit status: 0 all ingested (or queued, without --wait), 1 some
/// documents failed, 2 usage, 3 PostgreSQL unreachable.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Store documents and queue them for the ingest workers (files, folders, NDJSON, or '-').",
        discussion:
            "Run `factwire ingest-worker` (here or on other machines) to process the queue, or use --wait with workers running."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Files, folders (recursive), or '-' for standard input.") var paths: [String] = []
    @Option(help: "Documents per transaction.") var batch = 500
    @Option(
        name: .customLong("media-type"), help: "Media type of every input (default: by extension, then by content).")
    var mediaType: String?
    @Flag(help: "Wait until every queued document is ingested or failed, then print a summary.") var wait = false
    @Option(
        help: ArgumentHelp(
            "With --wait: give up after this long (90, 90s, 5m, 1h); exit 1 with what is still queued.",
            valueName: "duration"),
        transform: IngestCommand.seconds) var timeout: Double = 3600
    @Flag(help: "Print only errors and the summary.") var quiet = false
    @Option(help: "Submit through a query worker's HTTPS API (https://host:port) instead of DATABASE_URL.") var server:
        String?
    @Option(help: "With --server: CA certificate (PEM) to trust.") var cacert: String?
    @Option(help: "With --server: client certificate (PEM), for mutual TLS.") var cert: String?
    @Option(help: "With --server: client private key (PEM).") var key: String?
    @Option(help: "With --server: bearer token (env FACTWIRE_TOKEN) when the server does not use client certificates.")
    var token: String?

    func validate() throws {
        guard !paths.isEmpty else {
            throw ValidationError("give at least one PATH (file or folder) or '-' for standard input")
        }
        guard batch > 0, batch <= 10_000 else { throw ValidationError("--batch must be 1…10000") }
        if let server, !server.lowercased().hasPrefix("https://") {
            throw ValidationError("--server takes an https:// URL; plaintext is refused")
        }
        if (cert == nil) != (key == nil) { throw ValidationError("--cert and --key go together") }
        if let mediaType, ArticleReader.MediaType(contentType: mediaType) == nil {
            throw ValidationError(
                "--media-type must be text/plain, text/html, application/json or application/x-ndjson")
        }
    }

    func run() async throws {
        let logger = global.makeLogger()
        let inputs = try DocumentFile.collectingUsageErrors(paths)
        guard !inputs.isEmpty else {
            throw ValidationError("no .txt, .html, .htm, .json or .ndjson files under \(paths.joined(separator: ", "))")
        }
        if let server {
            let remote = FactwireClient.Configuration(
                server: server, caFile: cacert, certificateFile: cert, keyFile: key,
                token: token ?? ProcessInfo.processInfo.environment["FACTWIRE_TOKEN"])
            if try await runRemote(remote, inputs: inputs) { throw ExitCode(ExitStatus.failure.rawValue) }
            return
        }
        let options = self
        let failed = try await global.withDatabase(logger: logger, connections: 4) { session -> Bool in
            var progress = ProgressLine(total: inputs.count, quiet: options.quiet, label: "queued")
            let report = try await DocumentSubmitter(client: session.client, logger: logger).submit(
                files: inputs, batch: options.batch, forcedType: options.mediaType
            ) { done in progress.advance(by: done - progress.done) }
            progress.finish()
            print(
                "queued \(report.queued.count) document(s); \(report.duplicates) already stored (skipped); "
                    + "\(report.unreadable.count) unreadable")
            Self.warn(report.unreadable)
            guard options.wait, !report.queued.isEmpty else { return !report.unreadable.isEmpty }
            let follower = IngestFollower(client: session.client, logger: logger)
            var following = ProgressLine(total: report.queued.count, quiet: options.quiet, label: "ingested")
            let summary = try await follower.follow(
                documents: report.queued, timeout: .milliseconds(Int64(options.timeout * 1000))
            ) { done, stalled in
                following.stalled = stalled
                following.set(done)
            } onNoWorker: {
                following.interrupt()
                FileHandle.standardError.write(Data("factwire: \(IngestFollower.noWorker)\n".utf8))
            }
            following.finish()
            for line in IngestFollower.summaryLines(summary) { print(line) }
            for line in try await follower.detailLines(documents: report.queued, names: report.names) { print(line) }
            return !report.unreadable.isEmpty || summary.failed > 0 || summary.pending > 0
        }
        if failed { throw ExitCode(ExitStatus.failure.rawValue) }
    }

    /// The first 20 files that failed, on standard error.
    static func warn(_ failures: [(name: String, reason: String)]) {
        for (name, reason) in failures.prefix(20) {
            FileHandle.standardError.write(Data("factwire: \(name): \(reason)\n".utf8))
        }
    }
}

extension IngestCommand {
    /// "90", "90s", "500ms", "5m", "1h" as seconds (``Duration/init(text:)``), more than zero.
    static func seconds(_ text: String) throws -> Double {
        guard let duration = Duration(text: text), duration > .zero else {
            throw ValidationError("--timeout takes a duration such as 90, 90s, 5m or 1h; got '\(text)'")
        }
        return duration.seconds
    }

    /// Submits every document over HTTPS; returns true when some failed.
    func runRemote(_ remote: FactwireClient.Configuration, inputs: [DocumentFile]) async throws -> Bool {
        let client = try FactwireClient(configuration: remote)
        do {
            var progress = ProgressLine(total: inputs.count, quiet: quiet, label: "sent")
            let report = try await client.submit(files: inputs, forcedType: mediaType) { done in progress.set(done) }
            progress.finish()
            let (jobs, refused) = (report.jobs, report.refused)
            print(
                "queued \(jobs.count) document(s); \(report.duplicates) already stored (skipped); \(refused.count) refused"
            )
            Self.warn(refused)
            var failed = !refused.isEmpty
            if wait, !jobs.isEmpty {
                let followed = try await client.follow(jobs, timeout: .milliseconds(Int64(timeout * 1000)))
                let (completed, failures, facts) = (followed.completed, followed.failures, followed.facts)
                print(
                    "ingested \(completed) document(s): \(facts) fact(s); failed \(failures.count)\(completed + failures.count < jobs.count ? "; still pending \(jobs.count - completed - failures.count) (timed out)" : "")"
                )
                for reason in Set(failures).sorted() { print("  failed: \(reason)") }
                failed = failed || !failures.isEmpty || completed + failures.count < jobs.count
            }
            try await client.shutdown()
            return failed
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
