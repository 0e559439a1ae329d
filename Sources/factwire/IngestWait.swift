import FactwireQueue
import FactwireStore
import Foundation
import Logging
import PostgresNIO

/// Follows queued documents until each is ingested or failed, and sums up what became of them.
enum IngestWait {
    typealias Summary = DocumentStore.Progress

    /// One line of counts, then one per reason of failure.
    static func print(_ s: Summary) {
        let pending = s.pending > 0 ? "; still pending \(s.pending) (timed out)" : ""
        Swift.print(
            "ingested \(s.ingested) document(s): \(s.articles) article(s), \(s.facts) fact(s); failed \(s.failed)\(pending)"
        )
        for (reason, count) in s.reasons { Swift.print("  failed ×\(count): \(reason)") }
    }

    /// Said on standard error when no worker is there to ingest what was queued.
    static let noWorker =
        "factwire: no ingest worker is listening on this database, so the documents stay queued. "
        + "Start one with `factwire ingest-worker` (here or on another machine), or use `factwire up` or `factwire demo PATH`."

    static func follow(documents: [Int64], client: PostgresClient, logger: Logger, timeout: Double, quiet: Bool)
        async throws -> Summary
    {
        var progress = ProgressLine(total: documents.count, quiet: quiet, label: "ingested")
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        let queue = JobQueue(client: client, logger: logger)
        let store = DocumentStore(client: client, logger: logger)
        var summary = Summary()
        var lastDone = -1
        var lastMove = ContinuousClock.now
        var lastNotice: ContinuousClock.Instant?
        while true {
            summary = try await store.progress(of: documents, details: false)
            let done = summary.ingested + summary.failed
            let now = ContinuousClock.now
            if done != lastDone {
                lastDone = done
                lastMove = now
            }
            progress.stalled = now - lastMove >= .seconds(2)
            progress.set(done)
            if summary.pending == 0 || now >= deadline { break }
            // At once, then every 10 s while nothing moves: nobody is there to do the work.
            if lastNotice.map({ now - $0 >= .seconds(10) && now - lastMove >= .seconds(10) }) ?? true,
                try await queue.listeningWorkers() == 0
            {
                progress.interrupt()
                FileHandle.standardError.write(Data((Self.noWorker + "\n").utf8))
                lastNotice = now
            } else if lastNotice == nil {
                lastNotice = now
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        progress.finish()
        summary = try await store.progress(of: documents, details: true)
        return summary
    }

    /// What became of each document: a short table of the articles (file, article id, companies, facts) and,
    /// for each failure, which file failed and why. At most `limit` rows of each.
    static func printDetails(
        documents: [Int64], names: [Int64: String], client: PostgresClient, logger: Logger, limit: Int = 20
    ) async throws {
        var ingested: [(String, Int64, String, Int)] = []
        var failed: [(String, String)] = []
        for outcome in try await DocumentStore(client: client, logger: logger).outcomes(of: documents) {
            let name = names[outcome.id] ?? "document \(outcome.id)"
            if outcome.state == "failed" {
                failed.append((name, outcome.error))
            } else {
                ingested.append((name, outcome.articleID, outcome.companies, outcome.facts))
            }
        }
        if !ingested.isEmpty {
            let width = min(40, ingested.prefix(limit).map(\.0.count).max() ?? 0)
            Swift.print(
                "  " + "file".padding(toLength: width, withPad: " ", startingAt: 0) + "  article  facts  companies")
            for (name, article, companies, facts) in ingested.prefix(limit) {
                let shown = name.count > width ? "…" + name.suffix(width - 1) : name
                Swift.print(
                    "  " + shown.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                        + "#\(article)".padding(toLength: 7, withPad: " ", startingAt: 0) + "  "
                        + String(facts).padding(toLength: 5, withPad: " ", startingAt: 0) + "  "
                        + (companies.isEmpty ? "-" : companies))
            }
            if ingested.count > limit {
                Swift.print("  … and \(ingested.count - limit) more (factwire facts lists them)")
            }
        }
        for (name, reason) in failed.prefix(limit) { Swift.print("  failed: \(name): \(reason)") }
        if failed.count > limit { Swift.print("  … and \(failed.count - limit) more failures") }
    }
}
