public import Foundation
public import Logging
public import PostgresNIO

/// Submitted documents and their state (`queued` → `ingested` or `failed`): every statement on
/// `factwire.documents`, so a document's state is written in one place.
public struct DocumentStore: Sendable {
    /// A document as stored, for the ingest job.
    public struct Stored: Sendable {
        public var content: Data
        public var mediaType: String
        public var sourceURL: String?
    }

    /// A document to store.
    public struct New: Sendable {
        public var sha256: Data
        public var content: [UInt8]
        public var mediaType: String
        public var sourceURL: String?
        public init(sha256: Data, content: [UInt8], mediaType: String, sourceURL: String?) {
            self.sha256 = sha256
            self.content = content
            self.mediaType = mediaType
            self.sourceURL = sourceURL
        }
    }

    /// What became of a document: its state, the reason it failed, and its article.
    public struct Outcome: Sendable {
        public var id: Int64
        public var state: String
        public var error: String
        /// 0 when no article was stored.
        public var articleID: Int64
        /// The article's companies, the one with most facts first, comma-separated.
        public var companies: String
        public var facts: Int
    }

    /// Documents by state, for progress.
    public struct Progress: Sendable {
        public var ingested = 0
        public var failed = 0
        public var pending = 0
        public var articles = 0
        public var facts = 0
        /// The commonest reasons of failures, with their counts.
        public var reasons: [(reason: String, count: Int)] = []
        public init() {}
    }

    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// PostgresNIO encodes arrays of ByteBuffer (not of Data) as bytea[].
    static func buffer(_ data: Data) -> ByteBuffer { ByteBuffer(bytes: Array(data)) }

    /// Ids of the stored documents among `digests` (SHA-256 of the content), in the caller's transaction.
    public static func ids(
        ofDigests digests: [Data], on connection: PostgresConnection, logger: Logger
    ) async throws -> [Data: Int64] {
        var known: [Data: Int64] = [:]
        let rows = try await connection.query(
            "SELECT sha256, id FROM factwire.documents WHERE sha256 = ANY(\(digests.map(Self.buffer)))",
            logger: logger
        )
        for try await (sha, id) in rows.decode((Data, Int64).self) { known[sha] = id }
        return known
    }

    /// Stores `documents` as `queued` with one statement, in the caller's transaction, and returns the ids
    /// of those this call created by digest (a concurrent submitter may have stored some first).
    public static func insertQueued(
        _ documents: [New], on connection: PostgresConnection, logger: Logger
    ) async throws -> [Data: Int64] {
        try await SQLSpan.run("INSERT", "factwire.documents") {
            let inserted = try await connection.query(
                """
                INSERT INTO factwire.documents (sha256, content, media_type, source_url, state)
                SELECT sha, body, media, NULLIF(url, ''), 'queued'
                FROM unnest(\(documents.map { Self.buffer($0.sha256) })::bytea[],
                            \(documents.map { ByteBuffer(bytes: $0.content) })::bytea[],
                            \(documents.map(\.mediaType))::text[], \(documents.map { $0.sourceURL ?? "" })::text[])
                     AS t(sha, body, media, url)
                ON CONFLICT (sha256) DO NOTHING
                RETURNING sha256, id
                """,
                logger: logger
            )
            var created: [Data: Int64] = [:]
            for try await (sha, id) in inserted.decode((Data, Int64).self) { created[sha] = id }
            return created
        }
    }

    /// The document's bytes and how to read them; nil when there is no such document.
    public func document(id: Int64) async throws -> Stored? {
        try await SQLSpan.run("SELECT", "factwire.documents") {
            let rows = try await client.query(
                "SELECT content, media_type, source_url FROM factwire.documents WHERE id = \(id)", logger: logger)
            var found: Stored?
            for try await (content, mediaType, url) in rows.decode((Data, String, String?).self) {
                found = Stored(content: content, mediaType: mediaType, sourceURL: url)
            }
            return found
        }
    }

    /// Marks a document failed, with the reason users will read in `last_error`.
    public func markFailed(id: Int64, reason: String) async throws {
        try await client.query(
            "UPDATE factwire.documents SET state = 'failed', last_error = \(reason) WHERE id = \(id)", logger: logger)
    }

    /// How many documents are not yet ingested or failed (received, or queued for a worker).
    ///
    /// The states are written in the SQL, not bound, so that PostgreSQL can prove the partial index
    /// `documents_state_idx` (`state <> 'ingested'`) applies: the count reads the documents still in flight,
    /// not the whole table, however many are stored. A poll of the whole table every few milliseconds was a
    /// visible share of the database's CPU in `bench ingest`.
    public func unfinishedCount() async throws -> Int {
        try await client.count(
            "SELECT count(*)::int8 FROM factwire.documents WHERE state IN ('received', 'queued')", logger: logger)
    }

    /// How far `documents` got: counts by state, with `articles`, `facts` and `reasons` filled when
    /// `details` is true (at the end of a wait, not on every poll).
    public func progress(of documents: [Int64], details: Bool) async throws -> Progress {
        var progress = Progress()
        let rows = try await client.query(
            "SELECT state, count(*) FROM factwire.documents WHERE id = ANY(\(documents)) GROUP BY state",
            logger: logger)
        for try await (state, count) in rows.decode((String, Int64).self) {
            switch state {
            case "ingested": progress.ingested = Int(count)
            case "failed": progress.failed = Int(count)
            default: progress.pending += Int(count)
            }
        }
        guard details else { return progress }
        let counts = try await client.query(
            """
            SELECT count(DISTINCT a.id), count(f.id)
            FROM factwire.articles a LEFT JOIN factwire.facts f ON f.article_id = a.id
            WHERE a.document_id = ANY(\(documents))
            """,
            logger: logger
        )
        for try await (articles, facts) in counts.decode((Int64, Int64).self) {
            progress.articles = Int(articles)
            progress.facts = Int(facts)
        }
        let reasons = try await client.query(
            """
            SELECT coalesce(last_error, 'no reason recorded'), count(*) FROM factwire.documents
            WHERE id = ANY(\(documents)) AND state = 'failed' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10
            """,
            logger: logger
        )
        for try await (reason, count) in reasons.decode((String, Int64).self) {
            progress.reasons.append((reason, Int(count)))
        }
        return progress
    }

    /// What became of each finished document among `documents` (ingested or failed), in id order.
    public func outcomes(of documents: [Int64]) async throws -> [Outcome] {
        let rows = try await client.query(
            """
            SELECT d.id, d.state, coalesce(d.last_error, ''), coalesce(a.id, 0),
                   coalesce((SELECT string_agg(c.name, ', ' ORDER BY ac.facts DESC, c.name)
                             FROM factwire.article_companies ac JOIN factwire.companies c ON c.id = ac.company_id
                             WHERE ac.article_id = a.id), ''),
                   (SELECT count(*) FROM factwire.facts f WHERE f.article_id = a.id)
            FROM factwire.documents d LEFT JOIN factwire.articles a ON a.document_id = d.id
            WHERE d.id = ANY(\(documents)) AND d.state IN ('ingested', 'failed')
            ORDER BY d.id
            """,
            logger: logger
        )
        var out: [Outcome] = []
        for try await (id, state, error, article, companies, facts) in rows.decode(
            (Int64, String, String, Int64, String, Int64).self)
        {
            out.append(
                Outcome(id: id, state: state, error: error, articleID: article, companies: companies, facts: Int(facts))
            )
        }
        return out
    }

    /// Sends documents to extraction again, as jobs of `kind` on `queue`: those whose article came from
    /// another extractor version (every article with `all`), and with `failed` those that failed too.
    /// Failed ones become `queued`. One statement: the queue's own `factwire.enqueue` makes each job, with
    /// the unique key a submission uses, so a document already waiting is not queued twice. Returns how
    /// many were queued.
    public func requeue(
        all: Bool, failed: Bool, currentVersion: String, queue: String, kind: String
    ) async throws -> Int {
        try await client.count(
            """
            WITH chosen AS (
                SELECT a.document_id AS id FROM factwire.articles a WHERE \(all) OR a.extractor_version <> \(currentVersion)
                UNION
                SELECT d.id FROM factwire.documents d WHERE \(failed) AND d.state = 'failed'
            ), marked AS (
                UPDATE factwire.documents d SET state = CASE WHEN d.state = 'failed' THEN 'queued' ELSE d.state END
                FROM chosen WHERE d.id = chosen.id RETURNING d.id
            )
            SELECT count(factwire.enqueue(\(queue), \(kind), jsonb_build_object('document_id', id),
                                          unique_key => 'document:' || id))::int8 FROM marked
            """,
            logger: logger)
    }

    /// A finished job's document, article and facts as the API's JSON (`POST /v1/documents?wait=`); nil
    /// when the document is gone. PostgreSQL builds the JSON: one round trip, no per-fact objects in Swift.
    public func outcomeJSON(document: Int64, job: Int64, state: String) async throws -> String? {
        let rows = try await client.query(
            """
            SELECT json_build_object(
                'job_id', \(job), 'document_id', d.id, 'state', \(state), 'error', d.last_error,
                'article', (SELECT json_build_object('id', a.id, 'title', a.title, 'author', a.author, 'published', a.published,
                                                     'url', a.url, 'word_count', a.word_count, 'language', a.language)
                            FROM factwire.articles a WHERE a.document_id = d.id),
                'facts', coalesce((SELECT json_agg(json_build_object(
                            'id', f.id, 'company', c.name, 'metric', f.metric, 'growth_of', f.growth_of, 'metric_detail', f.metric_detail,
                            'value', f.value, 'unit', f.unit, 'qualifier', f.qualifier, 'period', f.period, 'status', f.status,
                            'derived', f.derived, 'evidence', f.evidence) ORDER BY f.id)
                         FROM factwire.facts f JOIN factwire.articles a ON a.id = f.article_id
                         LEFT JOIN factwire.companies c ON c.id = f.company_id WHERE a.document_id = d.id), '[]'::json))::text
            FROM factwire.documents d WHERE d.id = \(document)
            """,
            logger: logger
        )
        for try await text in rows.decode(String.self) { return text }
        return nil
    }
}

extension PostgresClient {
    /// The single integer a counting query returns (0 when it returns no row).
    func count(_ query: PostgresQuery, logger: Logger) async throws -> Int {
        var value: Int64 = 0
        for try await n in try await self.query(query, logger: logger).decode(Int64.self) { value = n }
        return Int(value)
    }
}
