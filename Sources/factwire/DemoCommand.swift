import ArgumentParser
import FactwireBench
import FactwireExtract
import FactwireIngest
import FactwireQueue
import FactwireRuntime
import FactwireStore
import Foundation
import Logging
import PostgresNIO

/// `factwire demo [PATH...]`: the whole path on one machine, with nothing set up beforehand.
///
/// Starts the embedded cluster (unless `DATABASE_URL` is set), migrates, starts two ingest workers in
/// this process, submits the sample documents written for the project (plain text, HTML, JSON) and
/// any PATHs given, waits until every one is ingested or refused, prints the articles and a facts
/// table, and stops everything it started.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run Factwire end to end (embedded PostgreSQL, queue, ingest workers) and show what it did."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "More files or folders to ingest besides the samples.") var paths: [String] = []

    func run() async throws {
        let logger = global.makeLogger()
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .warning)
        let workerLogger = quiet
        let inputs = try DocumentFile.collectingUsageErrors(paths)
        // The samples go to a home of their own unless one is chosen: they must not mix into a user's data.
        var global = self.global
        let ownHome =
            global.resolvedDatabaseURL == nil && global.home == nil
            && (global.environment["FACTWIRE_HOME"] ?? "").isEmpty
        if ownHome { global.home = Self.home }
        let location =
            global.resolvedDatabaseURL == nil
            ? "the embedded cluster in \(global.resolvedHome) (remove it with: rm -rf \(global.resolvedHome))"
            : "the database of DATABASE_URL (the sample documents are ordinary documents there)"
        try await DatabaseSession.with(global, logger: logger, maximumConnections: 12) { session in
            print("factwire demo")
            print("  database    \(session.summary)")
            let migrator = Migrator(logger: logger)
            let applied = try await migrator.migrate(client: session.client)
            let names = applied.isEmpty ? "none pending" : applied.map(\.identifier).joined(separator: ", ")
            print("  migrations  schema at version \(migrator.latestVersion); applied now: \(names)")

            var submissions = SampleDocuments.all.map {
                DocumentSubmitter.Submission(content: Array($0.1.utf8), mediaType: $0.2)
            }
            for input in inputs { submissions += (try? input.submissions(forcedType: nil)) ?? [] }
            let results = try await DocumentSubmitter(client: session.client, logger: logger).submit(submissions)
            let documents = results.map { result -> Int64 in
                switch result {
                case .queued(let document, _), .duplicate(let document): document
                }
            }
            let queued = results.filter { if case .queued = $0 { true } else { false } }.count
            print(
                "  submitted   \(submissions.count) document(s): \(queued) queued, \(submissions.count - queued) already stored"
            )

            // Two workers, as two processes on two machines would run them; here in this process.
            var registry = JobRegistry()
            registry.register(IngestHandler(client: session.client))
            let workers = (0..<2).map { _ in
                var configuration = JobWorker.Configuration(queues: [IngestHandler.queue: 4])
                configuration.drainTimeout = .seconds(5)
                return JobWorker(
                    client: session.client, registry: registry, configuration: configuration, logger: workerLogger)
            }
            let summary = try await withThrowingTaskGroup(of: Void.self) { group -> IngestWait.Summary in
                for worker in workers { group.addTask { try await worker.run() } }
                defer { group.cancelAll() }
                return try await IngestWait.follow(
                    documents: documents, client: session.client, logger: logger, timeout: 120, quiet: true)
            }
            print("  workers     2 ingest workers: \(summary.ingested) ingested, \(summary.failed) refused")
            for (reason, count) in summary.reasons { print("              refused ×\(count): \(reason)") }
            try await Self.printArticles(documents, client: session.client, logger: logger)
        }
        print("  done        no server left running by this command; the data is in \(location)")
    }

    /// Where the demo keeps its cluster when no home or database is given: apart from the default home.
    static let home = ".factwire/demo"

    static func printArticles(_ documents: [Int64], client: PostgresClient, logger: Logger) async throws {
        let articles = try await ArticleStore(client: client, logger: logger).summaries(ofDocuments: documents)
        print("  articles")
        for a in articles {
            print(
                "    #\(a.id) \(a.title ?? "(no title)") — \(a.author ?? "-"), \(a.published ?? "undated"), "
                    + "\(a.wordCount) words (\(a.mediaType))")
        }
        var filter = FactFilter(limit: 100_000)
        filter.articleIDs = articles.map(\.id)
        filter.order = .text
        let facts = try await FactStore(client: client, logger: logger).records(filter)
        print("  facts       (article, company, metric, value, unit, qualifier, period; * derived)")
        for f in facts {
            let metric = f.metric + ((f.growthOf ?? f.metricDetail).map { ":" + $0 } ?? "")
            let cells = [
                "#\(f.articleID)", f.company ?? "(market)", metric, FactsCommand.number(f.value), f.unit,
                f.qualifier + (f.derived ? "*" : ""), f.period ?? "-"
            ]
            print(
                "    "
                    + zip(cells, [5, 18, 26, 18, 9, 8, 8]).map {
                        $0.0.padding(toLength: $0.1, withPad: " ", startingAt: 0)
                    }.joined(separator: " "))
        }
    }
}
