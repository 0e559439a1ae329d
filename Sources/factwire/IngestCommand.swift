import ArgumentParser
import FactwireClient
import FactwireCore
import FactwireExtract
import FactwireIngest
import FactwireStore
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
        let inputs = try IngestInputs.collect(paths)
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
        let failed = try await DatabaseSession.with(global, logger: logger, maximumConnections: 4) { session -> Bool in
            try await Migrator.prepareForService(session: session, logger: logger, migrate: true)
            let submitter = DocumentSubmitter(client: session.client, logger: logger)
            var progress = ProgressLine(total: inputs.count, quiet: options.quiet, label: "queued")
            var queuedDocuments: [Int64] = []
            var names: [Int64: String] = [:]
            var duplicates = 0
            var unreadable: [(String, String)] = []
            var pending: [DocumentSubmitter.Submission] = []
            var pendingNames: [String] = []
            func flush() async throws {
                guard !pending.isEmpty else { return }
                for (result, name) in zip(try await submitter.submit(pending), pendingNames) {
                    switch result {
                    case .queued(let document, _):
                        queuedDocuments.append(document)
                        names[document] = name
                    case .duplicate: duplicates += 1
                    }
                }
                progress.advance(by: pending.count)
                pending.removeAll(keepingCapacity: true)
                pendingNames.removeAll(keepingCapacity: true)
            }
            for input in inputs {
                do {
                    let submissions = try input.submissions(forcedType: options.mediaType)
                    pending += submissions
                    pendingNames +=
                        submissions.count == 1
                        ? [input.name] : submissions.indices.map { "\(input.name) (document \($0 + 1))" }
                } catch {
                    unreadable.append((input.name, "\(error)"))
                    progress.advance(by: 1)
                }
                if pending.count >= options.batch { try await flush() }
            }
            try await flush()
            progress.finish()
            print(
                "queued \(queuedDocuments.count) document(s); \(duplicates) already stored (skipped); \(unreadable.count) unreadable"
            )
            for (name, reason) in unreadable.prefix(20) {
                FileHandle.standardError.write(Data("factwire: \(name): \(reason)\n".utf8))
            }
            guard options.wait, !queuedDocuments.isEmpty else { return !unreadable.isEmpty }
            let summary = try await IngestWait.follow(
                documents: queuedDocuments, client: session.client, logger: logger, timeout: options.timeout,
                quiet: options.quiet
            )
            IngestWait.print(summary)
            try await IngestWait.printDetails(
                documents: queuedDocuments, names: names, client: session.client, logger: logger)
            return !unreadable.isEmpty || summary.failed > 0 || summary.pending > 0
        }
        if failed { throw ExitCode(ExitStatus.failure.rawValue) }
    }
}

extension IngestCommand {
    /// "90", "90s", "500ms", "5m", "1h" as seconds.
    static func seconds(_ text: String) throws -> Double {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            if let value = Double(text.dropLast(suffix.count)), value > 0 { return value * factor }
        }
        if let value = Double(text), value > 0 { return value }
        throw ValidationError("--timeout takes a duration such as 90, 90s, 5m or 1h; got '\(text)'")
    }

    /// Submits every document over HTTPS; returns true when some failed.
    func runRemote(_ remote: FactwireClient.Configuration, inputs: [IngestInputs]) async throws -> Bool {
        let client = try FactwireClient(configuration: remote)
        do {
            var progress = ProgressLine(total: inputs.count, quiet: quiet, label: "sent")
            var jobs: [Int64] = []
            var duplicates = 0
            var refused: [(String, String)] = []
            for input in inputs {
                do {
                    for submission in try input.submissions(forcedType: mediaType) {
                        switch try await client.submit(submission.content, mediaType: submission.mediaType) {
                        case .queued(_, let job): jobs.append(job)
                        case .duplicate: duplicates += 1
                        case .refused(let reason): refused.append((input.name, reason))
                        }
                    }
                } catch let error as IngestInputError {
                    refused.append((input.name, error.message))
                }
                progress.advance(by: 1)
            }
            progress.finish()
            print("queued \(jobs.count) document(s); \(duplicates) already stored (skipped); \(refused.count) refused")
            for (name, reason) in refused.prefix(20) {
                FileHandle.standardError.write(Data("factwire: \(name): \(reason)\n".utf8))
            }
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

/// One input: a file or standard input.
struct IngestInputs {
    var name: String
    var path: String?

    static let extensions: Set<String> = ["txt", "html", "htm", "json", "ndjson", "jsonl"]

    /// Files under the paths (folders recursively, sorted), or standard input for '-'.
    static func collect(_ paths: [String]) throws -> [IngestInputs] {
        var inputs: [IngestInputs] = []
        for path in paths {
            if path == "-" {
                inputs.append(IngestInputs(name: "stdin", path: nil))
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("\(path): no such file or folder")
            }
            if !isDirectory.boolValue {
                inputs.append(IngestInputs(name: path, path: path))
                continue
            }
            guard let walker = FileManager.default.enumerator(atPath: path) else { continue }
            var found: [String] = []
            while let relative = walker.nextObject() as? String {
                let full = (path as NSString).appendingPathComponent(relative)
                var nested: ObjCBool = false
                if extensions.contains((relative as NSString).pathExtension.lowercased()),
                    FileManager.default.fileExists(atPath: full, isDirectory: &nested), !nested.boolValue
                {
                    found.append(full)
                }
            }
            inputs += found.sorted().map { IngestInputs(name: $0, path: $0) }
        }
        return inputs
    }

    /// The documents this input holds: one, or one per line for NDJSON.
    func submissions(forcedType: String?) throws -> [DocumentSubmitter.Submission] {
        let bytes: [UInt8]
        if let path {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw IngestInputError(message: "cannot read the file")
            }
            bytes = Array(data)
        } else {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        guard !bytes.isEmpty else { throw IngestInputError(message: "empty") }
        var type =
            forcedType.flatMap(ArticleReader.MediaType.init(contentType:))
            ?? path.flatMap { ArticleReader.MediaType(pathExtension: ($0 as NSString).pathExtension) }
        if type == nil || type == .json {
            // Sniff: a .json file may really hold NDJSON, and standard input has no name.
            let head = String(decoding: bytes.prefix(64 * 1024), as: UTF8.self)
            let sniffed = ArticleReader.sniff(head)
            type = type == .json && sniffed != .ndjson ? .json : sniffed
        }
        let mediaType = type ?? .plainText
        guard mediaType == .ndjson else {
            return [.init(content: bytes, mediaType: mediaType.rawValue, sourceURL: nil)]
        }
        return bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
            .filter { line in line.contains { $0 != 32 && $0 != 9 && $0 != 13 } }
            .map { .init(content: Array($0), mediaType: ArticleReader.MediaType.json.rawValue, sourceURL: nil) }
    }
}

struct IngestInputError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// done/total, rate and ETA on standard error: redrawn in place on a terminal; otherwise a plain line per
/// batch (``advance(by:)``), or every few seconds while following (``set(_:)``).
struct ProgressLine {
    let total: Int
    let quiet: Bool
    let label: String
    let terminal = isatty(STDERR_FILENO) == 1
    let started = ContinuousClock.now
    var done = 0
    var lastPrinted = ContinuousClock.now
    /// Nothing has moved for a while: the ETA shows "—" instead of a guess.
    var stalled = false

    init(total: Int, quiet: Bool, label: String) {
        self.total = total
        self.quiet = quiet
        self.label = label
    }

    /// A batch is done: redrawn on a terminal; one line per batch otherwise (logs of scripted runs).
    mutating func advance(by count: Int) {
        done += count
        update(force: !terminal)
    }

    mutating func set(_ value: Int) {
        done = value
        update(force: false)
    }

    mutating func update(force: Bool) {
        guard !quiet else { return }
        let now = ContinuousClock.now
        guard force || now - lastPrinted >= (terminal ? .milliseconds(100) : .seconds(5)) else { return }
        lastPrinted = now
        let elapsed = max(0.001, (now - started).seconds)
        let rate = Double(done) / elapsed
        let eta = rate > 0 && !stalled ? Int(Double(total - done) / rate) : nil
        let etaText = eta.map { "\($0 / 60)m\(String(format: "%02d", $0 % 60))s" } ?? "—"
        let line = "\(label) \(done)/\(total)  \(Int(rate))/s  ETA \(etaText)"
        if terminal {
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            FileHandle.standardError.write(Data("\r\(bar) \(line)   ".utf8))
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    mutating func finish() {
        guard !quiet else { return }
        update(force: true)
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    /// Ends the line drawn in place, so a message can be printed below it.
    func interrupt() {
        if terminal && !quiet { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
