import FactwireCore
public import FactwireIngest
import FactwireQueue
import FactwireStore
public import Logging
public import PostgresNIO

/// The whole path on one database, for `factwire demo`: submit the sample documents written for the
/// project (plain text, HTML, JSON) and any files given, ingest them with two workers in this process,
/// and report the articles and facts they gave.
public enum Demo {
    /// Where the demo keeps its cluster when no home or database is given: apart from the default home.
    public static let home = ".factwire/demo"

    /// Runs the demo on a migrated database; `say` gets the report line by line as it happens.
    public static func run(
        client: PostgresClient, files: [DocumentFile], logger: Logger, workerLogger: Logger,
        say: (String) -> Void
    ) async throws {
        var submissions = SampleDocuments.all.map {
            DocumentSubmitter.Submission(content: Array($0.1.utf8), mediaType: $0.2)
        }
        for file in files { submissions += (try? file.submissions(forcedType: nil)) ?? [] }
        let results = try await DocumentSubmitter(client: client, logger: logger).submit(submissions)
        let documents = results.map { result -> Int64 in
            switch result {
            case .queued(let document, _), .duplicate(let document): document
            }
        }
        let queued = results.filter { if case .queued = $0 { true } else { false } }.count
        say(
            "  submitted   \(submissions.count) document(s): \(queued) queued, "
                + "\(submissions.count - queued) already stored")

        // Two workers, as two processes on two machines would run them; here in this process.
        var registry = JobRegistry()
        registry.register(IngestHandler(client: client))
        let workers = (0..<2).map { _ in
            var configuration = JobWorker.Configuration(queues: [IngestHandler.queue: 4])
            configuration.drainTimeout = .seconds(5)
            return JobWorker(client: client, registry: registry, configuration: configuration, logger: workerLogger)
        }
        let summary = try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in workers { group.addTask { try await worker.run() } }
            defer { group.cancelAll() }
            return try await IngestFollower(client: client, logger: logger).follow(
                documents: documents, timeout: .seconds(120), onProgress: { _, _ in }, onNoWorker: {})
        }
        say("  workers     2 ingest workers: \(summary.ingested) ingested, \(summary.failed) refused")
        for (reason, count) in summary.reasons { say("              refused ×\(count): \(reason)") }

        let articles = try await ArticleStore(client: client, logger: logger).summaries(ofDocuments: documents)
        say("  articles")
        for a in articles {
            say(
                "    #\(a.id) \(a.title ?? "(no title)") — \(a.author ?? "-"), \(a.published ?? "undated"), "
                    + "\(a.wordCount) words (\(a.mediaType))")
        }
        var filter = FactFilter(limit: 100_000)
        filter.articleIDs = articles.map(\.id)
        filter.order = .text
        let facts = try await FactStore(client: client, logger: logger).records(filter)
        say("  facts       (article, company, metric, value, unit, qualifier, period; * derived)")
        let rows = facts.map { f in
            [
                "#\(f.articleID)", f.company ?? "(market)", f.metricLabel, NumberText.grouped(f.value), f.unit,
                f.qualifier + (f.derived ? "*" : ""), f.period ?? "-"
            ]
        }
        for line in TextTable(rows: rows, indent: "    ").lines { say(line) }
    }
}
