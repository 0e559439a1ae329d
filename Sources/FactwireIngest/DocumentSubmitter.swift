import Crypto
public import FactwireExtract
import FactwireQueue
import FactwireStore
import Foundation
public import Logging
public import PostgresNIO

/// Stores documents and enqueues their ingestion, in batches: what `factwire ingest` and the API's
/// submit endpoint use.
///
/// A batch is one transaction: documents already stored (same SHA-256) are skipped and reported as
/// duplicates, the new ones are inserted with one statement and their jobs enqueued with another, so
/// a batch is either wholly queued or not at all.
public struct DocumentSubmitter: Sendable {
    /// A document to submit.
    public struct Submission: Sendable {
        public var content: [UInt8]
        public var mediaType: String
        public var sourceURL: String?
        public init(content: [UInt8], mediaType: String, sourceURL: String? = nil) {
            self.content = content
            self.mediaType = mediaType
            self.sourceURL = sourceURL
        }

        /// The documents `bytes` holds: one, or for NDJSON one JSON document per non-blank line.
        public static func documents(
            in bytes: [UInt8], mediaType: ArticleReader.MediaType, sourceURL: String?
        ) -> [Submission] {
            guard mediaType == .ndjson else {
                return [Submission(content: bytes, mediaType: mediaType.rawValue, sourceURL: sourceURL)]
            }
            return bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
                .filter { line in line.contains { $0 != 32 && $0 != 9 && $0 != 13 } }
                .map { Submission(content: Array($0), mediaType: ArticleReader.MediaType.json.rawValue) }
        }
    }

    /// What happened to one submission, in order.
    public enum Result: Sendable, Equatable {
        /// Stored and queued: the document id and its job id.
        case queued(document: Int64, job: Int64)
        /// The same bytes were already stored (in an earlier batch or earlier in this one).
        case duplicate(document: Int64)
    }

    let client: PostgresClient
    let queue: JobQueue
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.queue = JobQueue(client: client, logger: logger)
        self.logger = logger
    }

    /// Submits a batch.
    public func submit(_ batch: [Submission]) async throws -> [Result] {
        guard !batch.isEmpty else { return [] }
        let digests = batch.map { Data(SHA256.hash(data: $0.content)) }
        return try await client.withTransaction(logger: logger) { connection in
            var known = try await DocumentStore.ids(ofDigests: digests, on: connection, logger: logger)

            // New documents, first occurrence only within the batch.
            var fresh: [Int] = []
            var seen = Set<Data>()
            for (index, digest) in digests.enumerated() where known[digest] == nil && seen.insert(digest).inserted {
                fresh.append(index)
            }
            if !fresh.isEmpty {
                let shas = fresh.map { digests[$0] }
                let created = try await DocumentStore.insertQueued(
                    fresh.map {
                        DocumentStore.New(
                            sha256: digests[$0], content: batch[$0].content, mediaType: batch[$0].mediaType,
                            sourceURL: batch[$0].sourceURL)
                    }, on: connection, logger: logger)
                // A concurrent submitter stored some of them first: they are duplicates now.
                let raced = shas.filter { created[$0] == nil }
                if !raced.isEmpty {
                    known.merge(
                        try await DocumentStore.ids(ofDigests: raced, on: connection, logger: logger)
                    ) { $1 }
                }
                let documents = created.values.sorted()
                let jobs = try documents.map { id in
                    var job = try NewJob(
                        queue: IngestHandler.queue, kind: IngestHandler.kind,
                        arguments: IngestHandler.Arguments(documentID: id))
                    job.uniqueKey = "document:\(id)"
                    return job
                }
                let enqueued = try await queue.enqueue(jobs, on: connection)
                let jobByDocument = Dictionary(uniqueKeysWithValues: zip(documents, enqueued.map(\.id)))
                var reported = Set<Data>()
                return digests.map { digest in
                    if let id = created[digest], reported.insert(digest).inserted, let job = jobByDocument[id] {
                        return .queued(document: id, job: job)
                    }
                    return .duplicate(document: created[digest] ?? known[digest] ?? 0)
                }
            }
            return digests.map { .duplicate(document: known[$0] ?? 0) }
        }
    }
}
