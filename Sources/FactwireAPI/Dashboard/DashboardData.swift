import FactwireQueue
import FactwireStore
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

        init(_ r: FactRecord) {
            self.init(
                id: r.id, company: r.company, metric: r.metric, growthOf: r.growthOf, detail: r.metricDetail,
                value: r.value, unit: r.unit, qualifier: r.qualifier, range: r.range.map { ($0.low, $0.high) },
                period: r.period, status: r.status, derived: r.derived, published: r.published,
                articleID: r.articleID, articleTitle: r.articleTitle, evidence: r.evidence)
        }

        init(
            id: Int64, company: String?, metric: String, growthOf: String?, detail: String?, value: Double,
            unit: String, qualifier: String, range: (Double, Double)?, period: String?, status: String,
            derived: Bool, published: String?, articleID: Int64, articleTitle: String?, evidence: String
        ) {
            self.id = id
            self.company = company
            self.metric = metric
            self.growthOf = growthOf
            self.detail = detail
            self.value = value
            self.unit = unit
            self.qualifier = qualifier
            self.range = range
            self.period = period
            self.status = status
            self.derived = derived
            self.published = published
            self.articleID = articleID
            self.articleTitle = articleTitle
            self.evidence = evidence
        }

        var displayValue: String { DisplayFormat.value(value, unit: unit, qualifier: qualifier, range: range) }
        var displayMetric: String { DisplayFormat.metric(metric, growthOf: growthOf, detail: detail) }
    }

    /// The newest facts, optionally of companies matching a name or alias and of one metric.
    func facts(company: String, metric: String, limit: Int = 50) async throws -> [FactRow] {
        var filter = FactFilter(limit: limit)
        if !company.isEmpty { filter.companyIDs = try await companies.ids(named: company) }
        if !metric.isEmpty { filter.metric = metric }
        return try await FactStore(client: reader, logger: logger).records(filter).map(FactRow.init)
    }

    var companies: CompanyStore { CompanyStore(client: reader, logger: logger) }

    /// Company names for the filter's suggestions.
    func companyNames(limit: Int = 500) async throws -> [String] {
        try await companies.names(limit: limit)
    }

    /// Latest US-dollar revenue and R&D intensity per company: the companies with the largest revenue
    /// first, then those known only by their R&D intensity.
    func chart(company: String, limit: Int = 12) async throws -> [FigureChart.Row] {
        let ids = company.isEmpty ? nil : try await companies.ids(named: company)
        return try await companies.revenueAndIntensity(of: ids, limit: limit).map {
            FigureChart.Row(company: $0.company, revenue: $0.revenue, rdShare: $0.rdShare)
        }
    }

    // MARK: one company

    /// A company's name and its figures (`factwire.figures`, amounts also in US dollars); nil for an unknown id.
    func company(id: Int64) async throws -> (name: String, figures: [FigureStore.Record])? {
        guard let name = try await companies.name(id: id) else { return nil }
        var filter = FigureStore.Filter(limit: 2000)
        filter.companyIDs = [id]
        return (name, try await FigureStore(client: reader, logger: logger).records(filter))
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
        guard let r = try await ArticleStore(client: reader, logger: logger).article(id: id) else { return nil }
        var article = ArticleView(
            id: id, title: r.title, dek: r.dek, author: r.author, authorRole: r.authorRole, section: r.section,
            published: r.published, url: r.url, body: r.body, facts: [], evidence: [])
        var filter = FactFilter(limit: 10_000)
        filter.articleIDs = [id]
        filter.order = .text
        let facts = try await FactStore(client: reader, logger: logger).records(filter)
        for record in facts {
            let fact = FactRow(record)
            article.facts.append(fact)
            article.evidence.append(
                .init(
                    factID: fact.id, start: record.evidenceStart, end: record.evidenceEnd,
                    label: "\(fact.company ?? "?"): \(fact.displayMetric) \(fact.displayValue)"))
        }
        return article
    }
}
