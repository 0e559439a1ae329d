import FactwireCore
public import Logging
public import PostgresNIO

/// Reads `factwire.figures`: one figure per company, metric and period across articles (`GET /v1/figures`).
public struct FigureStore: Sendable {
    /// Which figures; every field narrows.
    public struct Filter: Sendable {
        public var companyIDs: [Int64]?
        public var metric: String?
        /// Periods ending on or after / on or before these days (YYYY-MM-DD).
        public var from: String?
        public var to: String?
        /// The currency of `value_converted`: USD or EUR.
        public var currency = "USD"
        public var limit: Int

        public init(limit: Int) { self.limit = limit }
    }

    /// One row of the view, with the amount in the requested currency.
    public struct Record: Sendable, Encodable {
        public var company: String
        public var metric: String
        public var growthOf: String?
        public var metricDetail: String?
        public var periodKind: String
        public var fiscalYear: Int
        public var fiscalQuarter: Int?
        public var fiscalHalf: Int?
        public var periodStart: String?
        public var periodEnd: String?
        public var value: Double
        public var unit: String
        public var currency: String
        public var valueConverted: Double?
        public var fxMethod: String?
        public var fxNote: String?
        public var sources: Int
        public var conflicting: Bool
        public var factIDs: [Int64]
        /// The articles that report it, oldest fact first.
        public var articleIDs: [Int64]

        enum CodingKeys: String, CodingKey {
            case company, metric, value, unit, currency, sources, conflicting
            case growthOf = "growth_of"
            case metricDetail = "metric_detail"
            case periodKind = "period_kind"
            case fiscalYear = "fiscal_year"
            case fiscalQuarter = "fiscal_quarter"
            case fiscalHalf = "fiscal_half"
            case periodStart = "period_start"
            case periodEnd = "period_end"
            case valueConverted = "value_converted"
            case fxMethod = "fx_method"
            case fxNote = "fx_note"
            case factIDs = "fact_ids"
            case articleIDs = "article_ids"
        }
    }

    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The figures of `filter`, by company, metric and period.
    public func records(_ filter: Filter) async throws -> [Record] {
        let converted = filter.currency == "EUR" ? "value_eur" : "value_usd"
        // `converted` is one of two column names chosen here, never caller text.
        let query: PostgresQuery = """
            SELECT company, metric, growth_of, metric_detail, period_kind, fiscal_year, fiscal_quarter::int,
                   fiscal_half::int, period_start::text, period_end::text, value::float8, unit,
                   \(unescaped: converted)::float8, CASE WHEN \(unescaped: converted) IS NULL THEN fx_note END,
                   fx_method, sources::int, conflicting, fact_ids,
                   ARRAY(SELECT f.article_id FROM factwire.facts f WHERE f.id = ANY(fact_ids) GROUP BY f.article_id
                         ORDER BY min(f.id))
            FROM factwire.figures
            WHERE (\(filter.companyIDs)::bigint[] IS NULL OR company_id = ANY(\(filter.companyIDs)::bigint[]))
              AND (\(filter.metric)::text IS NULL OR metric = \(filter.metric)::text)
              AND (\(filter.from)::date IS NULL OR period_end >= \(filter.from)::date)
              AND (\(filter.to)::date IS NULL OR period_end <= \(filter.to)::date)
            ORDER BY company, metric, growth_of NULLS FIRST, metric_detail NULLS FIRST, period_end, period_kind
            LIMIT \(filter.limit)
            """
        var records: [Record] = []
        for try await row in try await client.query(query, logger: logger) {
            let c = try row.decode(
                (
                    String, String, String?, String?, String, Int, Int?, Int?, String?, String?, Double, String,
                    Double?,
                    String?, String?, Int, Bool, [Int64], [Int64]
                ).self)
            records.append(
                Record(
                    company: c.0, metric: c.1, growthOf: c.2, metricDetail: c.3, periodKind: c.4, fiscalYear: c.5,
                    fiscalQuarter: c.6, fiscalHalf: c.7, periodStart: c.8, periodEnd: c.9, value: c.10, unit: c.11,
                    currency: filter.currency, valueConverted: c.12, fxMethod: c.14, fxNote: c.13, sources: c.15,
                    conflicting: c.16, factIDs: c.17, articleIDs: c.18))
        }
        return records
    }
}

extension FigureStore.Record {
    /// The CSV header of `GET /v1/figures` with `Accept: text/csv`.
    public static let csvHeader =
        "company,metric,growth_of,metric_detail,period_kind,fiscal_year,fiscal_quarter,fiscal_half,period_start,"
        + "period_end,value,unit,currency,value_converted,fx_method,fx_note,sources,conflicting"

    /// The figure as a CSV line under ``csvHeader``.
    public var csvLine: String {
        [
            company, metric, growthOf ?? "", metricDetail ?? "", periodKind, String(fiscalYear),
            fiscalQuarter.map(String.init) ?? "", fiscalHalf.map(String.init) ?? "", periodStart ?? "", periodEnd ?? "",
            CSV.number(value), unit, currency, valueConverted.map(CSV.number) ?? "", fxMethod ?? "", fxNote ?? "",
            String(sources), String(conflicting)
        ].map(CSV.field).joined(separator: ",")
    }
}
