import FactwireExtract
public import FactwireQueue
import FactwireStore
import Foundation
import Logging
import Metrics
import NIOPosix
public import PostgresNIO

/// The `factwire.ingest` job: read a stored document, extract its article and facts, and store them,
/// completing the job in the same transaction.
///
/// The transaction is fenced by the job's lease (``JobContext/complete(on:resultJSON:)``): if this
/// attempt lost its lease (it was rescued and runs elsewhere) the writes roll back, so a document is
/// ingested once however often its job is delivered. ``factwire.store_extraction`` replaces an
/// article's facts, so re-running a job (or `factwire reprocess`) never duplicates rows.
///
/// Input that no retry can fix (undecodable, empty, binary, bad JSON, too large, no article text) is
/// *discarded*: the reason is written to `documents.last_error` and the document marked `failed`.
/// Anything else thrown (connection lost, serialization failure) retries with backoff.
public struct IngestHandler: JobHandler {
    /// The job's arguments: only the document id (payloads stay small; the bytes live in `documents`).
    public struct Arguments: Codable, Sendable, Equatable {
        public var documentID: Int64
        public init(documentID: Int64) { self.documentID = documentID }
        enum CodingKeys: String, CodingKey { case documentID = "document_id" }
    }

    public static let kind = "factwire.ingest"
    /// The queue ingest jobs go to.
    public static let queue = "ingest"

    /// Limits and identity of this ingestion.
    public struct Configuration: Sendable {
        /// Documents larger than this are refused (the extractor reads whole documents into memory).
        public var maximumDocumentBytes = 10 * 1024 * 1024
        /// At most this many facts are stored per article, the first in reading order. A news article has
        /// dozens; thousands mean a generated or scraped table dump, which would bloat `facts` and the
        /// ingest transaction. The job's result says how many were dropped. Default 1,000.
        public var maximumFactsPerArticle = 1_000
        /// Stored with every article and fact; `factwire reprocess --older-than` compares it.
        public var extractorVersion = IngestHandler.extractorVersion
        public init() {}
    }

    /// The help texts of the ingest worker's metrics (the queue names its own in `QueueMetricHelp`).
    public static let metricHelp: [String: String] = [
        "factwire_ingest_articles_total": "Articles stored by this ingest worker.",
        "factwire_ingest_facts_total": "Facts stored by this ingest worker."
    ]

    /// The version of the extraction rules; bump it when they change what is extracted.
    public static let extractorVersion = "2026.12.3"

    let client: PostgresClient
    let configuration: Configuration
    let yearEnds = YearEndCache()

    public init(client: PostgresClient, configuration: Configuration = .init()) {
        self.client = client
        self.configuration = configuration
    }

    public func handle(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome {
        let id = arguments.documentID
        let logger = context.logger
        let documents = DocumentStore(client: client, logger: logger)
        guard let document = try await documents.document(id: id) else {
            return .discard(reason: "document \(id) does not exist (deleted after it was queued?)")
        }

        let prepared: Prepared
        do {
            let remembered = try await yearEnds.current {
                try await CompanyStore(client: client, logger: logger).fiscalYearEnds()
            }
            prepared = try await prepareOffPool(
                document.content, mediaType: document.mediaType, sourceURL: document.sourceURL,
                rememberedYearEnds: remembered)
        } catch let refusal as IngestRefusal {
            try await documents.markFailed(id: id, reason: refusal.message)
            return .discard(reason: refusal.message)
        }

        CrashPoint.reach(CrashPoint.handling)
        let stored: (Int64, Int)
        do {
            stored = try await client.withTransaction(logger: logger) { connection in
                // The results and the job's completion commit together, so a commit lost in a crash loses
                // both and the job runs again: waiting for the WAL flush buys nothing here.
                _ = try await connection.query("SET LOCAL synchronous_commit = off", logger: logger)
                let articleID = try await ArticleStore.storeExtraction(
                    document: id, articleJSON: prepared.article, factsJSON: prepared.facts,
                    aliasesJSON: prepared.aliases, extractorVersion: configuration.extractorVersion,
                    fiscalYearEnd: prepared.fiscalYearEnd.map { (CompanyKey.make($0.company), $0.month) },
                    on: connection, logger: logger)
                CrashPoint.reach(CrashPoint.stored)
                let result = Outcome(
                    documentID: id, articleID: articleID, facts: prepared.factCount, factsDropped: prepared.droppedFacts
                )
                try await context.complete(on: connection, resultJSON: try result.json())
                return (articleID, prepared.factCount)
            }
        } catch {
            // Data the database refuses (SQLSTATE classes 22 and 23) fails the same way on every retry:
            // the document fails at once with the server's reason instead of retrying for hours.
            guard let refusal = DatabaseRefusal(error) else { throw error }
            try await documents.markFailed(id: id, reason: refusal.message)
            return .discard(reason: refusal.message)
        }
        if let stated = prepared.fiscalYearEnd { yearEnds.remember(company: stated.company, month: stated.month) }
        Counter(label: "factwire_ingest_articles_total").increment()
        Counter(label: "factwire_ingest_facts_total").increment(by: stored.1)
        logger.debug(
            "ingested", metadata: ["document": "\(id)", "article": "\(stored.0)", "facts": "\(stored.1)"])
        return .complete()
    }

    /// An extraction as the JSON `store_extraction` takes.
    struct Prepared {
        var article: String
        var facts: String
        var aliases: String
        var factCount: Int
        var droppedFacts = 0
        /// The fiscal year end the article states for its company, remembered for later articles.
        var fiscalYearEnd: Extraction.FiscalYearEnd?
    }

    /// ``prepare(_:mediaType:sourceURL:cancellation:)`` on a thread of NIO's blocking pool, not Swift's
    /// cooperative pool: extraction is CPU work that can take seconds on a large document, and lease
    /// renewal, LISTEN and claims must keep running beside it. Cancelling the job's task (its deadline, a
    /// lost lease, shutdown) stops the extraction at the next sentence.
    func prepareOffPool(
        _ content: Data, mediaType: String, sourceURL: String?, rememberedYearEnds: [String: Int] = [:]
    ) async throws -> Prepared {
        let cancellation = ExtractionCancellation()
        do {
            return try await withTaskCancellationHandler {
                try await NIOThreadPool.singleton.runIfActive {
                    try prepare(
                        content, mediaType: mediaType, sourceURL: sourceURL, cancellation: cancellation,
                        rememberedYearEnds: rememberedYearEnds)
                }
            } onCancel: {
                cancellation.cancel()
            }
        } catch is ExtractionCancelled {
            throw CancellationError()
        }
    }

    /// Decodes and extracts; throws ``IngestRefusal`` for input no retry can fix.
    func prepare(
        _ content: Data, mediaType: String, sourceURL: String?, cancellation: ExtractionCancellation? = nil,
        rememberedYearEnds: [String: Int] = [:]
    ) throws -> Prepared {
        guard content.count <= configuration.maximumDocumentBytes else {
            throw IngestRefusal(
                message:
                    "document is \(content.count) bytes, more than the \(configuration.maximumDocumentBytes)-byte limit"
            )
        }
        let extractions: [Extraction]
        do {
            extractions = try Extraction.extract(
                Array(content), mediaType: ArticleReader.MediaType(contentType: mediaType),
                model: FactModel.shipped, cancellation: cancellation, rememberedYearEnds: rememberedYearEnds,
                sourceURL: sourceURL)
        } catch let failure as TextDecoding.Failure {
            throw IngestRefusal(message: failure.description)
        } catch let failure as JSONArticleReader.Failure {
            throw IngestRefusal(message: "bad JSON article: \(failure.message)")
        }
        guard extractions.count == 1, let extraction = extractions.first else {
            throw IngestRefusal(
                message: extractions.isEmpty
                    ? "no article in the document"
                    : "the document holds \(extractions.count) articles; submit one per document (factwire ingest splits NDJSON by line)"
            )
        }
        guard extraction.article.wordCount > 0 else {
            throw IngestRefusal(message: "not an article: no body text was found")
        }
        var prepared = try StoredExtraction.json(
            extraction, sourceURL: sourceURL, maximumFacts: configuration.maximumFactsPerArticle)
        prepared.fiscalYearEnd = extraction.fiscalYearEnd
        return prepared
    }

    /// What a completed job reports: `queue show` and the event stream print it, the dashboard links the
    /// article.
    struct Outcome: Encodable {
        var documentID: Int64
        var articleID: Int64
        var facts: Int
        var factsDropped: Int

        enum CodingKeys: String, CodingKey {
            case facts
            case documentID = "document_id"
            case articleID = "article_id"
            case factsDropped = "facts_dropped"
        }

        func json() throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        }
    }
}

/// A document that cannot become an article; the message says why, for `documents.last_error`.
public struct IngestRefusal: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
