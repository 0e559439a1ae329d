import FactwireQueue
import Foundation
import Logging
import PostgresNIO

/// Follows queued documents until each is ingested or failed, and sums up what became of them.
enum IngestWait {
    struct Summary {
        var ingested = 0
        var failed = 0
        var pending = 0
        var facts = 0
        var articles = 0
        var reasons: [(String, Int)] = []

        func print() {
            Swift.print(
                "ingested \(ingested) document(s): \(articles) article(s), \(facts) fact(s); failed \(failed)\(pending > 0 ? "; still pending \(pending) (timed out)" : "")"
            )
            for (reason, count) in reasons { Swift.print("  failed ×\(count): \(reason)") }
        }
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
        var summary = Summary()
        var lastDone = -1
        var lastMove = ContinuousClock.now
        var lastNotice: ContinuousClock.Instant?
        while true {
            summary = Summary()
            let rows = try await client.query(
                "SELECT state, count(*) FROM factwire.documents WHERE id = ANY(\(documents)) GROUP BY state",
                logger: logger
            )
            for try await (state, count) in rows.decode((String, Int64).self) {
                switch state {
                case "ingested": summary.ingested = Int(count)
                case "failed": summary.failed = Int(count)
                default: summary.pending += Int(count)
                }
            }
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
        let counts = try await client.query(
            """
            SELECT count(DISTINCT a.id), count(f.id) FROM factwire.articles a LEFT JOIN factwire.facts f ON f.article_id = a.id
            WHERE a.document_id = ANY(\(documents))
            """,
            logger: logger
        )
        for try await (articles, facts) in counts.decode((Int64, Int64).self) {
            summary.articles = Int(articles)
            summary.facts = Int(facts)
        }
        let reasons = try await client.query(
            """
            SELECT coalesce(last_error, 'no reason recorded'), count(*) FROM factwire.documents
            WHERE id = ANY(\(documents)) AND state = 'failed' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10
            """,
            logger: logger
        )
        for try await (reason, count) in reasons.decode((String, Int64).self) {
            summary.reasons.append((reason, Int(count)))
        }
        return summary
    }

    /// What became of each document: a short table of the articles (file, article id, companies, facts) and,
    /// for each failure, which file failed and why. At most `limit` rows of each.
    static func printDetails(
        documents: [Int64], names: [Int64: String], client: PostgresClient, logger: Logger, limit: Int = 20
    ) async throws {
        let rows = try await client.query(
            """
            SELECT d.id, d.state, coalesce(d.last_error, ''), coalesce(a.id, 0),
                   coalesce((SELECT string_agg(c.name, ', ' ORDER BY ac.facts DESC, c.name) FROM factwire.article_companies ac
                             JOIN factwire.companies c ON c.id = ac.company_id WHERE ac.article_id = a.id), ''),
                   (SELECT count(*) FROM factwire.facts f WHERE f.article_id = a.id)
            FROM factwire.documents d LEFT JOIN factwire.articles a ON a.document_id = d.id
            WHERE d.id = ANY(\(documents)) AND d.state IN ('ingested', 'failed')
            ORDER BY d.id
            """,
            logger: logger
        )
        var ingested: [(String, Int64, String, Int64)] = []
        var failed: [(String, String)] = []
        for try await (id, state, error, article, companies, facts) in rows.decode(
            (Int64, String, String, Int64, String, Int64).self)
        {
            let name = names[id] ?? "document \(id)"
            if state == "failed" {
                failed.append((name, error))
            } else {
                ingested.append((name, article, companies, facts))
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
