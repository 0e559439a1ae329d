import ArgumentParser
import FactwireCore
import FactwireExtract
import FactwireIngest
import FactwireRuntime
import FactwireStore
import Foundation
import Logging
import PostgresNIO

/// `factwire facts`: the stored facts, filtered, as a table, JSON lines or CSV.
struct FactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facts",
        abstract: "List stored facts (filter by company, metric, date) as a table, JSON or CSV."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

    @OptionGroup var global: GlobalOptions
    @Option(help: "Company name or alias (canonical names: 'Huawei', not 'Huawei Technologies').") var company: String?
    @Option(
        help:
            "revenue, rd_spend, rd_share_of_revenue, net_income, operating_profit, growth, market_share, shipments, employees, market_size, other."
    )
    var metric: String?
    @Option(help: "Only articles published (or, undated, extracted) on or after this date (YYYY-MM-DD).") var since:
        String?
    @Option(help: "Output format.") var format: Format = .table
    @Option(help: "At most this many facts, newest first.") var limit = 100

    static let metrics = Set(Fact.Metric.allCases.map(\.rawValue))

    func validate() throws {
        if let metric, !Self.metrics.contains(metric) {
            throw ValidationError(
                "unknown --metric '\(metric)'; one of \(Self.metrics.sorted().joined(separator: ", "))")
        }
        if let since, !Self.isDay(since) { throw ValidationError("--since takes a date as YYYY-MM-DD, got '\(since)'") }
        guard limit > 0, limit <= 100_000 else { throw ValidationError("--limit must be 1…100000") }
    }

    /// A fact with the field names the API uses (`id`, `growth_of`, `metric_detail`, `article_id`).
    struct Row: Encodable {
        var id: Int64
        var company: String?
        var metric: String
        var growthOf: String?
        var metricDetail: String?
        var value: Double
        var unit: String
        var qualifier: String
        var period: String?
        var status: String
        var derived: Bool
        var published: String?
        var articleID: Int64
        var evidence: String

        enum CodingKeys: String, CodingKey {
            case id, company, metric, value, unit, qualifier, period, status, derived, published, evidence
            case growthOf = "growth_of"
            case metricDetail = "metric_detail"
            case articleID = "article_id"
        }

        init(_ r: FactRecord) {
            id = r.id
            company = r.company
            metric = r.metric
            growthOf = r.growthOf
            metricDetail = r.metricDetail
            value = r.value
            unit = r.unit
            qualifier = r.qualifier
            period = r.period
            status = r.status
            derived = r.derived
            published = r.published
            articleID = r.articleID
            evidence = r.evidence
        }

        /// What the table shows in its metric column: "growth:revenue", "other:ebitda", "revenue".
        var metricLabel: String { (growthOf ?? metricDetail).map { "\(metric):\($0)" } ?? metric }
    }

    func run() async throws {
        let logger = global.makeLogger()
        let options = self
        try await DatabaseSession.with(global, logger: logger, maximumConnections: 2) { session in
            try await Migrator.prepareForService(session: session, logger: logger, migrate: false)
            var filter = FactFilter(limit: options.limit)
            if let company = options.company {
                filter.companyIDs = try await CompanyStore(client: session.client, logger: logger).ids(named: company)
            }
            filter.metric = options.metric
            filter.datedSince = options.since
            filter.order = .newestPublished
            options.emit(try await FactStore(client: session.client, logger: logger).records(filter))
        }
    }

    func emit(_ records: [FactRecord]) {
        let rows = records.map(Row.init)
        switch format {
        case .json:
            for row in rows { print((try? JSONCoding.string(row)) ?? "{}") }
            if rows.isEmpty { FileHandle.standardError.write(Data("(no facts)\n".utf8)) }
        case .csv:
            // The columns and names of the API's CSV (GET /v1/facts with Accept: text/csv).
            print(FactRecord.csvHeader)
            for record in records { print(record.csvLine) }
        case .table:
            if rows.isEmpty {
                print("(no facts)")
                return
            }
            // Columns as wide as their widest cell (at most 40 characters), so no metric name is cut.
            let header = ["company", "metric", "value", "unit", "qualifier", "period", "published"]
            let table = rows.map { r -> [String] in
                return [
                    r.company ?? "(market)", r.metricLabel, Self.number(r.value), r.unit,
                    r.qualifier + (r.derived ? "*" : ""), r.period ?? "-", r.published ?? "-"
                ]
            }
            let widths = header.indices.map { column in min(40, ([header] + table).map { $0[column].count }.max() ?? 0)
            }
            func line(_ cells: [String]) -> String {
                zip(cells, widths).map { cell, width in
                    let shown = cell.count > width ? String(cell.prefix(width - 1)) + "…" : cell
                    return shown.padding(toLength: width, withPad: " ", startingAt: 0)
                }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
            }
            print(line(header))
            for cells in table { print(line(cells)) }
            if rows.contains(where: \.derived) { print("* derived from other facts, not stated in the text") }
        }
    }

    /// YYYY-MM-DD with a real month and day.
    static func isDay(_ text: String) -> Bool { CalendarDay.isValid(text) }

    /// 40000000000 → "40,000,000,000"; fractions as they are.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e18 {
            let formatter = NumberFormatter()
            formatter.numberStyle = .decimal
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.usesGroupingSeparator = true
            formatter.groupingSeparator = ","
            formatter.groupingSize = 3
            return formatter.string(from: NSNumber(value: value)) ?? "\(value)"
        }
        return "\(value)"
    }
}
