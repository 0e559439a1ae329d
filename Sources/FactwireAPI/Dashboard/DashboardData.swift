import FactwireQueue
import Foundation
import Logging
import PostgresNIO

/// What the dashboard shows, read with a handful of queries per panel. Queue state comes from the
/// primary (a replica may lag behind jobs that just moved); facts and articles from the reader.
struct DashboardData {
    let primary: PostgresClient
    let reader: PostgresClient
    let logger: Logger

    /// The minutes the sparklines cover.
    static let sparklineMinutes = 15

    // MARK: queues

    struct QueueRow: Sendable {
        var stats: QueueStats
        /// Jobs finished per minute, oldest minute first (``sparklineMinutes`` values).
        var throughput: [Double]
        /// Mean seconds from submission to first start per minute; nil where nothing started.
        var pickupLatency: [Double?]

        /// A row with no finished jobs yet.
        init(stats: QueueStats) {
            self.stats = stats
            throughput = Array(repeating: 0, count: DashboardData.sparklineMinutes)
            pickupLatency = Array(repeating: nil, count: DashboardData.sparklineMinutes)
        }
    }

    struct QueuePanel: Sendable {
        var queues: [QueueRow]
        var health: QueueHealth
        /// Database sessions that LISTEN for job wake-ups (one per worker process).
        var jobListeners: Int
    }

    func queuePanel() async throws -> QueuePanel {
        let queue = JobQueue(client: primary, logger: logger)
        let stats = try await queue.stats()
        var rows = stats.map { QueueRow(stats: $0) }
        let minutes = try await queue.finishedPerMinute(minutes: Self.sparklineMinutes)
        for point in minutes {
            let name = point.queue
            guard (0..<Self.sparklineMinutes).contains(point.minutesAgo) else { continue }
            let slot = Self.sparklineMinutes - 1 - point.minutesAgo
            // A queue whose jobs all finished has history but no live rows.
            let index =
                rows.firstIndex { $0.stats.queue == name }
                ?? {
                    rows.append(QueueRow(stats: QueueStats(queue: name)))
                    return rows.count - 1
                }()
            rows[index].throughput[slot] = Double(point.finished)
            rows[index].pickupLatency[slot] = point.meanPickupSeconds
        }
        rows.sort { $0.stats.queue < $1.stats.queue }
        let health = try await queue.health()
        let listeners = try await queue.listeningWorkers()
        return QueuePanel(queues: rows, health: health, jobListeners: listeners)
    }

    // MARK: jobs

    struct JobRow: Sendable {
        var id: Int64
        var queue: String
        var kind: String
        var state: String
        var attempt: Int32
        var maxAttempts: Int32
        var lastError: String?
        var documentID: Int64?
        var articleID: Int64?
        /// Finished (history, dead letters) or created (live jobs).
        var at: Date

        /// A queue's job, with the document it ingests and the article it stored (ingest jobs).
        init(_ job: JobSummary) {
            id = job.id
            queue = job.queue
            kind = job.kind
            state = job.state
            attempt = job.attempt
            maxAttempts = job.maxAttempts
            lastError = job.lastError
            documentID = job.arguments?["document_id"]?.integer
            articleID = job.result?["article_id"]?.integer
            at = job.at
        }
    }

    struct JobsPanel: Sendable {
        var live: [JobRow]
        var finished: [JobRow]
        var dead: [JobRow]
    }

    func jobsPanel(limit: Int = 20) async throws -> JobsPanel {
        let queue = JobQueue(client: primary, logger: logger)
        return JobsPanel(
            live: try await queue.liveJobs(limit: limit).map(JobRow.init),
            finished: try await queue.finishedJobs(limit: limit).map(JobRow.init),
            dead: try await queue.deadJobs(limit: limit * 5).map(JobRow.init))
    }

    // MARK: facts

    struct FactRow: Sendable {
        var id: Int64
        var company: String?
        var metric: String
        var growthOf: String?
        var detail: String?
        var value: Double
        var unit: String
        var qualifier: String
        var range: (Double, Double)?
        var period: String?
        var status: String
        var derived: Bool
        var published: String?
        var articleID: Int64
        var articleTitle: String?
        var evidence: String

        var displayValue: String { DisplayFormat.value(value, unit: unit, qualifier: qualifier, range: range) }
        var displayMetric: String { DisplayFormat.metric(metric, growthOf: growthOf, detail: detail) }
    }

    /// The newest facts, optionally of companies matching a name or alias and of one metric.
    func facts(company: String, metric: String, limit: Int = 50) async throws -> [FactRow] {
        var builder = SQLBuilder()
        if !company.isEmpty {
            let ids = try await reader.companyIDs(named: company, logger: logger)
            builder.condition("f.company_id = ANY(\(builder.bind(ids)))")
        }
        if !metric.isEmpty { builder.condition("f.metric = \(builder.bind(metric))") }
        builder.sql = """
            SELECT \(Self.factColumns)
            FROM factwire.facts f
            JOIN factwire.articles a ON a.id = f.article_id
            LEFT JOIN factwire.companies c ON c.id = f.company_id
            \(builder.whereClause)
            ORDER BY f.id DESC LIMIT \(limit)
            """
        return try await factRows(builder.query).map(\.fact)
    }

    /// The columns ``factRows(_:)`` decodes; the query names facts `f`, articles `a` and companies `c`.
    static let factColumns = """
        f.id, c.name, f.metric, f.growth_of, f.metric_detail, f.value::float8, f.unit, f.qualifier, f.range_low::float8,
        f.range_high::float8, f.period, f.status, f.derived, to_char(a.published, 'YYYY-MM-DD'), a.id, a.title, f.evidence,
        f.evidence_start, f.evidence_end
        """

    private func factRows(_ query: PostgresQuery) async throws -> [(fact: FactRow, start: Int, end: Int)] {
        var rows: [(FactRow, Int, Int)] = []
        let result = try await reader.query(query, logger: logger)
        for try await r in result.decode(
            (
                Int64, String?, String, String?, String?, Double, String, String, Double?, Double?, String?, String,
                Bool,
                String?, Int64, String?, String, Int32, Int32
            ).self)
        {
            let range = r.8.flatMap { low in r.9.map { (low, $0) } }
            rows.append(
                (
                    FactRow(
                        id: r.0, company: r.1, metric: r.2, growthOf: r.3, detail: r.4, value: r.5, unit: r.6,
                        qualifier: r.7, range: range,
                        period: r.10, status: r.11, derived: r.12, published: r.13, articleID: r.14, articleTitle: r.15,
                        evidence: r.16),
                    Int(r.17), Int(r.18)
                ))
        }
        return rows
    }

    /// Company names for the filter's suggestions.
    func companyNames(limit: Int = 500) async throws -> [String] {
        var names: [String] = []
        for try await name in try await reader.query(
            "SELECT name FROM factwire.companies ORDER BY name LIMIT \(limit)", logger: logger
        ).decode(String.self) {
            names.append(name)
        }
        return names
    }

    /// Latest US-dollar revenue and R&D intensity per company: the companies with the largest revenue
    /// first, then those known only by their R&D intensity.
    func chart(company: String, limit: Int = 12) async throws -> [FigureChart.Row] {
        var builder = SQLBuilder()
        if !company.isEmpty {
            let ids = try await reader.companyIDs(named: company, logger: logger)
            builder.condition("c.id = ANY(\(builder.bind(ids)))")
        }
        builder.sql = """
            WITH revenue AS (
                SELECT DISTINCT ON (f.company_id) f.company_id, f.value::float8 AS value
                FROM factwire.facts f JOIN factwire.articles a ON a.id = f.article_id
                WHERE f.metric = 'revenue' AND f.unit = 'USD' AND f.status = 'actual' AND f.company_id IS NOT NULL AND f.value > 0
                ORDER BY f.company_id, a.published DESC NULLS LAST, f.derived, f.id DESC
            ), intensity AS (
                SELECT c.id AS company_id, r.rd_share::float8 AS rd_share
                FROM factwire.rd_intensity r JOIN factwire.companies c ON c.name = r.company
            )
            SELECT c.name, revenue.value, intensity.rd_share
            FROM factwire.companies c
            LEFT JOIN revenue ON revenue.company_id = c.id
            LEFT JOIN intensity ON intensity.company_id = c.id
            \(builder.whereClause.isEmpty ? "WHERE" : builder.whereClause + " AND") (revenue.value IS NOT NULL OR intensity.rd_share IS NOT NULL)
            ORDER BY revenue.value DESC NULLS LAST, intensity.rd_share DESC NULLS LAST, c.name
            LIMIT \(limit)
            """
        var rows: [FigureChart.Row] = []
        for try await (name, revenue, share) in try await reader.query(builder.query, logger: logger).decode(
            (String, Double?, Double?).self)
        {
            rows.append(FigureChart.Row(company: name, revenue: revenue, rdShare: share))
        }
        return rows
    }

    // MARK: one article

    struct ArticleView: Sendable {
        struct Evidence: Sendable {
            var factID: Int64
            var start: Int
            var end: Int
            var label: String
        }

        var id: Int64
        var title: String?
        var dek: String?
        var author: String?
        var authorRole: String?
        var section: String?
        var published: String?
        var url: String?
        var body: String
        var facts: [FactRow]
        var evidence: [Evidence]
    }

    func article(id: Int64) async throws -> ArticleView? {
        let rows = try await reader.query(
            """
            SELECT title, dek, author, author_role, section, to_char(published, 'YYYY-MM-DD'), url, body
            FROM factwire.articles WHERE id = \(id)
            """,
            logger: logger
        )
        var found: ArticleView?
        for try await r in rows.decode((String?, String?, String?, String?, String?, String?, String?, String).self) {
            found = ArticleView(
                id: id, title: r.0, dek: r.1, author: r.2, authorRole: r.3, section: r.4, published: r.5, url: r.6,
                body: r.7, facts: [], evidence: [])
        }
        guard var article = found else { return nil }
        let facts = try await factRows(
            """
            SELECT \(unescaped: Self.factColumns)
            FROM factwire.facts f JOIN factwire.articles a ON a.id = f.article_id LEFT JOIN factwire.companies c ON c.id = f.company_id
            WHERE f.article_id = \(id) ORDER BY f.evidence_start, f.id
            """
        )
        for (fact, start, end) in facts {
            article.facts.append(fact)
            article.evidence.append(
                .init(
                    factID: fact.id, start: start, end: end,
                    label: "\(fact.company ?? "?"): \(fact.displayMetric) \(fact.displayValue)"))
        }
        return article
    }
}
