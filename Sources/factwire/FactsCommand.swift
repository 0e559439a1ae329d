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
        if let since, !CalendarDay.isValid(since) {
            throw ValidationError("--since takes a date as YYYY-MM-DD, got '\(since)'")
        }
        guard limit > 0, limit <= 100_000 else { throw ValidationError("--limit must be 1…100000") }
    }

    func run() async throws {
        let logger = global.makeLogger()
        let options = self
        try await global.withDatabase(logger: logger, migrate: false) { session in
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
        switch format {
        case .json:
            for record in records { print((try? JSONCoding.string(record)) ?? "{}") }
            if records.isEmpty { FileHandle.standardError.write(Data("(no facts)\n".utf8)) }
        case .csv:
            // The columns and names of the API's CSV (GET /v1/facts with Accept: text/csv).
            print(FactRecord.csvHeader)
            for record in records { print(record.csvLine) }
        case .table:
            for line in FactRecord.table(records) { print(line) }
        }
    }
}
