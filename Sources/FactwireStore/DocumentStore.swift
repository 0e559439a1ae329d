public import Foundation
public import Logging
public import PostgresNIO
import Crypto

/// A document as stored: the submitted bytes and what is known about them.
public struct StoredDocument: Sendable, Equatable {
    /// The row id.
    public var id: Int64
    /// SHA-256 of `content`.
    public var sha256: [UInt8]
    /// The bytes as submitted.
    public var content: [UInt8]
    /// The media type.
    public var mediaType: String
    /// Where it came from, if known.
    public var sourceURL: String?
    /// When it was first received.
    public var receivedAt: Date
    /// Why its last ingestion failed, if it did.
    public var lastError: String?
    /// Lowercase hex of ``sha256``.
    public var sha256Hex: String { sha256.map { String(format: "%02x", $0) }.joined() }
}

/// Reads and writes `factwire.documents`. All of this table's SQL lives here.
public struct DocumentStore: Sendable {
    private let logger: Logger

    /// Creates a store that logs through `logger`.
    public init(logger: Logger) {
        self.logger = logger
    }

    /// The result of ``insert(content:mediaType:sourceURL:on:)``.
    public struct Insertion: Sendable, Equatable {
        /// The document's id (new or existing).
        public var id: Int64
        /// False when identical bytes were already stored; nothing was written then.
        public var created: Bool
    }

    /// Stores `content` unless identical bytes are already stored.
    ///
    /// Safe under concurrency: two submitters of the same bytes get the same id, and exactly one of
    /// them sees `created == true`.
    public func insert(content: [UInt8], mediaType: String, sourceURL: String?, on connection: PostgresConnection) async throws -> Insertion {
        let digest = Data(SHA256.hash(data: content))
        let body = Data(content)
        let rows = try await connection.query(
            """
            WITH inserted AS (
                INSERT INTO factwire.documents (sha256, content, media_type, source_url)
                VALUES (\(digest), \(body), \(mediaType), \(sourceURL))
                ON CONFLICT (sha256) DO NOTHING
                RETURNING id
            )
            SELECT id, true FROM inserted
            UNION ALL
            SELECT id, false FROM factwire.documents WHERE sha256 = \(digest)
            LIMIT 1
            """,
            logger: logger
        )
        for try await (id, created) in rows.decode((Int64, Bool).self) {
            return Insertion(id: id, created: created)
        }
        // The conflicting row was inserted by a transaction we cannot see yet (READ COMMITTED snapshot
        // taken before it committed): read again with a fresh snapshot.
        let again = try await connection.query("SELECT id FROM factwire.documents WHERE sha256 = \(digest)", logger: logger)
        for try await id in again.decode(Int64.self) { return Insertion(id: id, created: false) }
        throw DocumentStoreError(message: "a document with the same sha256 vanished while being stored")
    }

    /// Stores `content` using a pooled connection. See ``insert(content:mediaType:sourceURL:on:)``.
    public func insert(content: [UInt8], mediaType: String, sourceURL: String?, client: PostgresClient) async throws -> Insertion {
        try await client.withConnection { connection in
            try await self.insert(content: content, mediaType: mediaType, sourceURL: sourceURL, on: connection)
        }
    }

    /// The document with `id`, or nil.
    public func fetch(id: Int64, client: PostgresClient) async throws -> StoredDocument? {
        let rows = try await client.query(
            """
            SELECT id, sha256, content, media_type, source_url, received_at, last_error
            FROM factwire.documents WHERE id = \(id)
            """,
            logger: logger
        )
        for try await (id, sha, content, mediaType, sourceURL, receivedAt, lastError) in rows.decode(
            (Int64, Data, Data, String, String?, Date, String?).self
        ) {
            return StoredDocument(
                id: id, sha256: Array(sha), content: Array(content), mediaType: mediaType, sourceURL: sourceURL,
                receivedAt: receivedAt, lastError: lastError
            )
        }
        return nil
    }

    /// How many documents are stored.
    public func count(client: PostgresClient) async throws -> Int64 {
        let rows = try await client.query("SELECT count(*) FROM factwire.documents", logger: logger)
        for try await n in rows.decode(Int64.self) { return n }
        return 0
    }
}

/// A document could not be stored or read.
public struct DocumentStoreError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var message: String
    public var description: String { message }
}
