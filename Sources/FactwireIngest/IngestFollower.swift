import FactwireCore
import FactwireQueue
public import FactwireStore
public import Logging
public import PostgresNIO

/// Follows queued documents until each is ingested or failed (`factwire ingest --wait`, the demo), and
/// says what became of them.
public struct IngestFollower: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Said when no worker is there to ingest what was queued.
    public static let noWorker =
        "no ingest worker is listening on this database, so the documents stay queued. "
        + "Start one with `factwire ingest-worker` (here or on another machine), or use `factwire up` or `factwire demo PATH`."

    /// Polls until no document is pending or `timeout` has passed; returns the counts with the reasons
    /// of failure. `onProgress` gets the documents done and whether nothing has moved for 2 s;
    /// `onNoWorker` is called at once, then every 10 s while nothing moves, when no worker listens.
    public func follow(
        documents: [Int64], timeout: Duration, onProgress: (_ done: Int, _ stalled: Bool) -> Void,
        onNoWorker: () -> Void
    ) async throws -> DocumentStore.Progress {
        let deadline = ContinuousClock.now + timeout
        let queue = JobQueue(client: client, logger: logger)
        let store = DocumentStore(client: client, logger: logger)
        var lastDone = -1
        var lastMove = ContinuousClock.now
        var lastNotice: ContinuousClock.Instant?
        while true {
            let summary = try await store.progress(of: documents, details: false)
            let done = summary.ingested + summary.failed
            let now = ContinuousClock.now
            if done != lastDone {
                lastDone = done
                lastMove = now
            }
            onProgress(done, now - lastMove >= .seconds(2))
            if summary.pending == 0 || now >= deadline { break }
            if lastNotice.map({ now - $0 >= .seconds(10) && now - lastMove >= .seconds(10) }) ?? true,
                try await queue.listeningWorkers() == 0
            {
                onNoWorker()
                lastNotice = now
            } else if lastNotice == nil {
                lastNotice = now
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        return try await store.progress(of: documents, details: true)
    }

    /// One line of counts, then one per reason of failure.
    public static func summaryLines(_ progress: DocumentStore.Progress) -> [String] {
        let pending = progress.pending > 0 ? "; still pending \(progress.pending) (timed out)" : ""
        return [
            "ingested \(progress.ingested) document(s): \(progress.articles) article(s), \(progress.facts) fact(s); "
                + "failed \(progress.failed)\(pending)"
        ] + progress.reasons.map { "  failed ×\($0.count): \($0.reason)" }
    }

    /// What became of each document: a table of the articles (file, article id, facts, companies) and,
    /// for each failure, which file failed and why; at most `limit` rows of each. `names` gives the
    /// documents' file names.
    public func detailLines(documents: [Int64], names: [Int64: String], limit: Int = 20) async throws -> [String] {
        var ingested: [[String]] = []
        var failed: [String] = []
        for outcome in try await DocumentStore(client: client, logger: logger).outcomes(of: documents) {
            let name = names[outcome.id] ?? "document \(outcome.id)"
            if outcome.state == "failed" {
                failed.append("  failed: \(name): \(outcome.error)")
            } else {
                ingested.append(
                    [
                        name, "#\(outcome.articleID)", String(outcome.facts),
                        outcome.companies.isEmpty ? "-" : outcome.companies
                    ])
            }
        }
        var lines: [String] = []
        if !ingested.isEmpty {
            lines +=
                TextTable(
                    header: ["file", "article", "facts", "companies"], rows: Array(ingested.prefix(limit)),
                    cutAtStart: [0], indent: "  "
                ).lines
            if ingested.count > limit {
                lines.append("  … and \(ingested.count - limit) more (factwire facts lists them)")
            }
        }
        lines += failed.prefix(limit)
        if failed.count > limit { lines.append("  … and \(failed.count - limit) more failures") }
        return lines
    }
}
