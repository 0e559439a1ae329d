import ArgumentParser
import FactwireExtract
import FactwireStore
import Foundation

/// `factwire demo`: the whole path on one machine, with nothing set up beforehand.
///
/// Starts the embedded cluster (unless `DATABASE_URL` is set), migrates, stores a sample article
/// written for the project, reads it back and checks it byte for byte, then stops the cluster.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run Factwire end to end on the embedded PostgreSQL and show what it did."
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let logger = global.makeLogger()
        try await DatabaseSession.with(global, logger: logger, maximumConnections: 4) { session in
            print("factwire demo")
            print("  database    \(session.summary)")

            let migrator = Migrator(logger: logger)
            let applied = try await migrator.migrate(client: session.client)
            let names = applied.isEmpty ? "none pending" : applied.map(\.identifier).joined(separator: ", ")
            print("  migrations  schema at version \(migrator.latestVersion); applied now: \(names)")

            let documents = DocumentStore(logger: logger)
            let bytes = Array(SampleArticle.text.utf8)
            let stored = try await documents.insert(
                content: bytes, mediaType: SampleArticle.mediaType, sourceURL: SampleArticle.sourceURL, client: session.client
            )
            print("  document    #\(stored.id) \(stored.created ? "stored" : "already stored (same bytes), not duplicated"): \(SampleArticle.mediaType), \(bytes.count) bytes")

            guard let back = try await documents.fetch(id: stored.id, client: session.client) else {
                throw DemoError(message: "document #\(stored.id) was stored but cannot be read back")
            }
            guard back.content == bytes else {
                throw DemoError(message: "document #\(stored.id) came back different from what was stored")
            }
            let firstLine = String(decoding: back.content, as: UTF8.self)
                .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.dropFirst(2).first ?? ""
            print("  read back   #\(back.id) identical, sha256 \(back.sha256Hex.prefix(16))…, received \(ISO8601DateFormatter().string(from: back.receivedAt))")
            print("              \"\(firstLine)\"")
            // The extractor: decoding, page normalization, companies and facts.
            guard let extraction = try Extraction.extract(back.content, mediaType: .plainText).first else {
                throw DemoError(message: "document #\(stored.id) gave no article")
            }
            let article = extraction.article
            print("  article     \"\(article.title ?? "-")\" by \(article.author ?? "-") (\(article.authorRole ?? "-")), section \(article.section ?? "-"), \(article.wordCount) words, language \(article.language ?? "-")")
            print("  facts       \(extraction.facts.count) extracted, companies: \(extraction.companies.joined(separator: ", "))")
            for fact in extraction.facts {
                let metric = fact.metric == .growth ? "growth of \(fact.growthOf ?? "?")" : fact.metric.rawValue
                let notes = [fact.qualifier == .exact ? nil : fact.qualifier.rawValue, fact.period, fact.derived == true ? "derived" : nil].compactMap { $0 }
                print("              \((fact.company ?? "(market)").padding(toLength: 18, withPad: " ", startingAt: 0)) \(metric.padding(toLength: 22, withPad: " ", startingAt: 0)) \(fact.value) \(fact.unit)\(notes.isEmpty ? "" : " (" + notes.joined(separator: ", ") + ")")")
            }
            let total = try await documents.count(client: session.client)
            print("  total       \(total) document(s) in factwire.documents")
        }
        print("  done        no server left running by this command")
    }
}

/// The demo found something wrong.
struct DemoError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
