import FactwireCore
public import Logging
public import NIOCore
public import PostgresNIO

/// A stored fact with its company's name and its article's date and title: one row of every fact list
/// (the API's CSV, `factwire facts`, the dashboard).
public struct FactRecord: Sendable {
    public var id: Int64
    public var company: String?
    public var metric: String
    public var growthOf: String?
    public var metricDetail: String?
    public var value: Double
    public var unit: String
    public var qualifier: String
    public var range: (low: Double, high: Double)?
    public var period: String?
    public var status: String
    public var derived: Bool
    /// The article's publication date as YYYY-MM-DD.
    public var published: String?
    public var articleID: Int64
    public var articleTitle: String?
    public var evidence: String
    public var evidenceStart: Int
    public var evidenceEnd: Int
}

/// The fact as `factwire facts --format json` prints it: the API's field names (`growth_of`, `article_id`),
/// without the article's title, the evidence offsets and the range, which the API's own body adds.
extension FactRecord: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, company, metric, value, unit, qualifier, period, status, derived, published, evidence
        case growthOf = "growth_of"
        case metricDetail = "metric_detail"
        case articleID = "article_id"
    }
}

extension FactRecord {
    /// The CSV header of fact rows, the same for the API and the CLI.
    public static let csvHeader =
        "id,company,metric,growth_of,metric_detail,value,unit,qualifier,period,status,derived,published,article_id,evidence"

    /// The fact as a CSV line under ``csvHeader``.
    public var csvLine: String {
        let fields = [
            "\(id)", company ?? "", metric, growthOf ?? "", metricDetail ?? "", CSV.number(value), unit, qualifier,
            period ?? "", status, "\(derived)", published ?? "", "\(articleID)", evidence
        ]
        return fields.map(CSV.field).joined(separator: ",")
    }
}

/// Which facts to list. Every value is bound, never spliced, and only the filters in use become
/// conditions, so PostgreSQL can pick the index that fits.
public struct FactFilter: Sendable {
    public enum Order: Sendable {
        /// Newest fact first (keyset pages by `before`).
        case newest
        /// Newest publication first (undated articles by their extraction day), then newest fact.
        case newestPublished
        /// By article, then in the order of the text.
        case text
    }

    /// Companies the facts belong to; nil for any.
    public var companyIDs: [Int64]?
    /// The company the facts belong to, by name or alias (compared as ``CompanyKey`` does); found in the
    /// same statement as the facts, so a page costs one round trip.
    public var companyName: String?
    public var metric: String?
    public var status: String?
    public var period: String?
    /// Published on or after / before this day (YYYY-MM-DD).
    public var publishedFrom: String?
    public var publishedTo: String?
    /// Published (or, undated, extracted) on or after this day (YYYY-MM-DD).
    public var datedSince: String?
    public var articleIDs: [Int64]?
    /// Only facts with a smaller id (the `next` of the previous page).
    public var before: Int64?
    public var order: Order = .newest
    public var limit: Int

    public init(limit: Int) { self.limit = limit }
}

/// Facts: lists with filters, the API's JSON pages, counts.
public struct FactStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The facts `filter` selects.
    public func records(_ filter: FactFilter) async throws -> [FactRecord] {
        var builder = SQLBuilder()
        let source = Self.source(filter, &builder)
        builder.sql = """
            SELECT f.id, c.name, f.metric, f.growth_of, f.metric_detail, f.value::float8, f.unit, f.qualifier,
                   f.range_low::float8, f.range_high::float8, f.period, f.status, f.derived,
                   to_char(a.published, 'YYYY-MM-DD'), a.id, a.title, f.evidence, f.evidence_start, f.evidence_end
            \(source)
            """
        var out: [FactRecord] = []
        let rows = try await client.query(builder.query, logger: logger)
        for try await r in rows.decode(
            (
                Int64, String?, String, String?, String?, Double, String, String, Double?, Double?, String?, String,
                Bool, String?, Int64, String?, String, Int32, Int32
            ).self)
        {
            out.append(
                FactRecord(
                    id: r.0, company: r.1, metric: r.2, growthOf: r.3, metricDetail: r.4, value: r.5, unit: r.6,
                    qualifier: r.7, range: r.8.flatMap { low in r.9.map { (low, $0) } }, period: r.10, status: r.11,
                    derived: r.12, published: r.13, articleID: r.14, articleTitle: r.15, evidence: r.16,
                    evidenceStart: Int(r.17), evidenceEnd: Int(r.18)))
        }
        return out
    }

    /// A page of facts as the API's JSON (`{"facts": […], "next": …}`). PostgreSQL builds it: no
    /// per-row objects in Swift on the busiest read route.
    public func pageJSON(_ filter: FactFilter) async throws -> ByteBuffer {
        let empty = ByteBuffer(string: #"{"facts":[],"next":null}"#)
        if PreparedReads.enabled, PreparedReads.isCompanyPage(filter), let name = filter.companyName {
            let key = CompanyKey.make(name)
            let limit = Int32(filter.limit)
            if let before = filter.before {
                let statement = PreparedReads.FactsByCompanyAfter(companyKey: key, before: before, limit: limit)
                return try await client.json(statement, logger: logger) ?? empty
            }
            return try await client.json(PreparedReads.FactsByCompany(companyKey: key, limit: limit), logger: logger)
                ?? empty
        }
        return try await client.json(Self.pageBuilder(filter).query, logger: logger) ?? empty
    }

    /// The statement ``pageJSON(_:)`` runs for `filter`.
    public static func pageStatement(_ filter: FactFilter) -> StatementText {
        let builder = pageBuilder(filter)
        return StatementText(sql: builder.sql, parameters: builder.parameterTexts)
    }

    static func pageBuilder(_ filter: FactFilter) -> SQLBuilder {
        var builder = SQLBuilder()
        let source = Self.source(filter, &builder)
        builder.sql = """
            SELECT json_build_object('facts', coalesce(json_agg(t ORDER BY t.id DESC), '[]'::json),
                                     'next', CASE WHEN count(*) = \(filter.limit) THEN min(t.id)::text END)::text
            FROM (SELECT f.id, c.name AS company, f.metric, f.growth_of, f.metric_detail, f.value, f.unit, f.qualifier, f.period,
                         f.status, f.derived, a.published, a.id AS article_id, f.evidence
                  \(source)) t
            """
        return builder
    }

    /// How many facts are stored.
    public func count() async throws -> Int {
        try await client.count("SELECT count(*)::int8 FROM factwire.facts", logger: logger)
    }

    /// FROM … WHERE … ORDER BY … LIMIT for `filter`; facts are `f`, articles `a`, companies `c`.
    static func source(_ filter: FactFilter, _ b: inout SQLBuilder) -> String {
        // A company's newest facts: for each of its ids (a name, or an alias, can name two), the newest
        // of its facts by `facts_company_id_idx`, then the newest of those. A plain `company_id = ANY(…)`
        // makes PostgreSQL walk all facts newest first and filter, which reads the whole table for a
        // company with few facts. Article conditions come after a LIMIT, so they keep the plain form.
        let articleConditions = filter.publishedFrom != nil || filter.publishedTo != nil || filter.datedSince != nil
        if let name = filter.companyName, filter.order == .newest, !articleConditions, filter.companyIDs == nil {
            let key = b.bind(CompanyKey.make(name))
            b.condition("f.company_id = k.id")
            factConditions(filter, &b)
            let limit = b.bind(Int32(filter.limit))
            return """
                FROM (SELECT id FROM factwire.companies WHERE name_key = \(key)
                      UNION SELECT company_id FROM factwire.company_aliases WHERE alias_key = \(key)) k
                CROSS JOIN LATERAL (SELECT * FROM factwire.facts f \(b.whereClause)
                                    ORDER BY f.id DESC LIMIT \(limit)) f
                JOIN factwire.articles a ON a.id = f.article_id
                LEFT JOIN factwire.companies c ON c.id = f.company_id
                ORDER BY f.id DESC
                LIMIT \(limit)
                """
        }
        if let ids = filter.companyIDs { b.condition("f.company_id = ANY(\(b.bind(ids)))") }
        if let name = filter.companyName {
            let key = b.bind(CompanyKey.make(name))
            b.condition(
                """
                f.company_id = ANY(ARRAY(SELECT id FROM factwire.companies WHERE name_key = \(key)
                                         UNION SELECT company_id FROM factwire.company_aliases WHERE alias_key = \(key)))
                """)
        }
        factConditions(filter, &b)
        if let from = filter.publishedFrom { b.condition("a.published >= \(b.bind(from))::date") }
        if let to = filter.publishedTo { b.condition("a.published <= \(b.bind(to))::date") }
        if let since = filter.datedSince {
            b.condition("coalesce(a.published, a.extracted_at::date) >= \(b.bind(since))::date")
        }
        let order =
            switch filter.order {
            case .newest: "f.id DESC"
            case .newestPublished: "coalesce(a.published, a.extracted_at::date) DESC, f.id DESC"
            case .text: "f.article_id, f.evidence_start, f.id"
            }
        return """
            FROM factwire.facts f
            JOIN factwire.articles a ON a.id = f.article_id
            LEFT JOIN factwire.companies c ON c.id = f.company_id
            \(b.whereClause)
            ORDER BY \(order)
            LIMIT \(b.bind(Int32(filter.limit)))
            """
    }

    /// The conditions on the facts' own columns.
    static func factConditions(_ filter: FactFilter, _ b: inout SQLBuilder) {
        if let metric = filter.metric { b.condition("f.metric = \(b.bind(metric))") }
        if let status = filter.status { b.condition("f.status = \(b.bind(status))") }
        if let period = filter.period { b.condition("f.period = \(b.bind(period))") }
        if let ids = filter.articleIDs { b.condition("f.article_id = ANY(\(b.bind(ids)))") }
        if let before = filter.before { b.condition("f.id < \(b.bind(before))") }
    }
}
