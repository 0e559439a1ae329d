public import Logging
public import NIOCore
public import PostgresNIO

/// An article as the dashboard shows it.
public struct ArticleRecord: Sendable {
    public var id: Int64
    public var title: String?
    public var dek: String?
    public var author: String?
    public var authorRole: String?
    public var section: String?
    /// YYYY-MM-DD.
    public var published: String?
    public var url: String?
    public var body: String
}

/// One line of an article list: what `factwire demo` prints.
public struct ArticleSummary: Sendable {
    public var id: Int64
    public var title: String?
    public var author: String?
    /// YYYY-MM-DD.
    public var published: String?
    public var wordCount: Int
    /// The media type of the document it was read from.
    public var mediaType: String
}

/// Which articles to list (newest first, keyset pages by `before`).
public struct ArticleFilter: Sendable {
    /// Articles naming one of these companies; nil for any.
    public var companyIDs: [Int64]?
    /// Full-text search, in web-search syntax.
    public var search: String?
    /// Published on or after / before this day (YYYY-MM-DD).
    public var since: String?
    public var until: String?
    public var before: Int64?
    public var limit: Int

    public init(limit: Int) { self.limit = limit }
}

/// Articles and the extractions that produce them.
public struct ArticleStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Stores an extraction in the caller's transaction and returns the article's id:
    /// `factwire.store_extraction` replaces the document's article, facts and company links at once, so a
    /// job delivered twice stores one article. The article, facts and aliases arrive as JSON texts that
    /// PostgreSQL unpacks with `jsonb_array_elements`: one round trip per document instead of one per fact.
    public static func storeExtraction(
        document: Int64, articleJSON: String, factsJSON: String, aliasesJSON: String, extractorVersion: String,
        fiscalYearEnd: (companyKey: String, month: Int)? = nil, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int64 {
        let articleID = try await SQLSpan.run("SELECT", "factwire.store_extraction") {
            let rows = try await connection.query(
                """
                SELECT factwire.store_extraction(\(document), \(articleJSON)::jsonb, \(factsJSON)::jsonb, \
                \(aliasesJSON)::jsonb, \(extractorVersion))
                """,
                logger: logger
            )
            var articleID: Int64 = 0
            for try await value in rows.decode(Int64.self) { articleID = value }
            return articleID
        }
        if let fiscalYearEnd {
            // The company's year end as this article states it, for later articles that do not.
            try await connection.query(
                """
                INSERT INTO factwire.company_fiscal_years (company_id, year_end_month, article_id)
                SELECT id, \(fiscalYearEnd.month), \(articleID) FROM factwire.companies WHERE name_key = \(fiscalYearEnd.companyKey)
                ON CONFLICT (company_id) DO UPDATE
                SET year_end_month = EXCLUDED.year_end_month, article_id = EXCLUDED.article_id, stated_at = now()
                """, logger: logger)
        }
        return articleID
    }

    /// A page of articles as the API's JSON (`{"articles": […], "next": …}`), built by PostgreSQL.
    public func pageJSON(_ filter: ArticleFilter) async throws -> ByteBuffer {
        var b = SQLBuilder()
        if let ids = filter.companyIDs {
            b.condition(
                "a.id IN (SELECT article_id FROM factwire.article_companies WHERE company_id = ANY(\(b.bind(ids))))")
        }
        if let q = filter.search { b.condition("a.search @@ websearch_to_tsquery('english', \(b.bind(q)))") }
        if let since = filter.since { b.condition("a.published >= \(b.bind(since))::date") }
        if let until = filter.until { b.condition("a.published <= \(b.bind(until))::date") }
        if let before = filter.before { b.condition("a.id < \(b.bind(before))") }
        b.sql = """
            SELECT json_build_object('articles', coalesce(json_agg(t ORDER BY t.id DESC), '[]'::json),
                                     'next', CASE WHEN count(*) = \(filter.limit) THEN min(t.id)::text END)::text
            FROM (
                SELECT a.id, a.title, a.author, a.published, a.url, a.section, a.language, a.word_count, a.extracted_at
                FROM factwire.articles a \(b.whereClause)
                ORDER BY a.id DESC LIMIT \(filter.limit)
            ) t
            """
        return try await client.json(b.query, logger: logger) ?? ByteBuffer(string: #"{"articles":[],"next":null}"#)
    }

    /// One article with its facts as the API's JSON; nil when there is no such article.
    public func articleJSON(id: Int64) async throws -> ByteBuffer? {
        guard PreparedReads.enabled else {
            var binds = PostgresBindings()
            binds.append(id)
            return try await client.json(PostgresQuery(unsafeSQL: Self.articleJSONSQL, binds: binds), logger: logger)
        }
        return try await client.json(PreparedReads.ArticleByID(id: id), logger: logger)
    }

    /// The statement of ``articleJSON(id:)``; `$1` is the article's id.
    public static let articleJSONSQL = """
        SELECT json_build_object('id', a.id, 'document_id', a.document_id, 'title', a.title, 'dek', a.dek, 'author', a.author,
            'author_role', a.author_role, 'section', a.section, 'published', a.published, 'url', a.url, 'language', a.language,
            'word_count', a.word_count, 'body', a.body, 'extractor_version', a.extractor_version, 'extracted_at', a.extracted_at,
            'facts', coalesce((SELECT json_agg(json_build_object('id', f.id, 'company', c.name, 'metric', f.metric,
                'growth_of', f.growth_of, 'comparison', f.comparison, 'metric_detail', f.metric_detail, 'value', f.value,
                'unit', f.unit, 'qualifier', f.qualifier, 'range', CASE WHEN f.range_low IS NOT NULL THEN json_build_array(f.range_low, f.range_high) END,
                'period', f.period, 'status', f.status, 'derived', f.derived, 'evidence', f.evidence,
                'evidence_start', f.evidence_start, 'evidence_end', f.evidence_end) ORDER BY f.id)
                FROM factwire.facts f LEFT JOIN factwire.companies c ON c.id = f.company_id WHERE f.article_id = a.id), '[]'::json))::text
        FROM factwire.articles a WHERE a.id = $1
        """

    /// One article's text and metadata; nil when there is no such article.
    public func article(id: Int64) async throws -> ArticleRecord? {
        let rows = try await client.query(
            """
            SELECT title, dek, author, author_role, section, to_char(published, 'YYYY-MM-DD'), url, body
            FROM factwire.articles WHERE id = \(id)
            """,
            logger: logger
        )
        for try await r in rows.decode((String?, String?, String?, String?, String?, String?, String?, String).self) {
            return ArticleRecord(
                id: id, title: r.0, dek: r.1, author: r.2, authorRole: r.3, section: r.4, published: r.5, url: r.6,
                body: r.7)
        }
        return nil
    }

    /// The articles read from `documents`, in document order.
    public func summaries(ofDocuments documents: [Int64]) async throws -> [ArticleSummary] {
        let rows = try await client.query(
            """
            SELECT a.id, a.title, a.author, to_char(a.published, 'YYYY-MM-DD'), a.word_count, d.media_type
            FROM factwire.articles a JOIN factwire.documents d ON d.id = a.document_id
            WHERE a.document_id = ANY(\(documents)) ORDER BY a.document_id
            """,
            logger: logger
        )
        var out: [ArticleSummary] = []
        for try await r in rows.decode((Int64, String?, String?, String?, Int32, String).self) {
            out.append(
                ArticleSummary(
                    id: r.0, title: r.1, author: r.2, published: r.3, wordCount: Int(r.4), mediaType: r.5))
        }
        return out
    }
}
