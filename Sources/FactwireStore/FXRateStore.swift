import Foundation
public import Logging
public import PostgresNIO

/// The ECB's euro reference rates in `factwire.fx_rates`, which `factwire.figures` converts with.
public struct FXRateStore: Sendable {
    /// One published rate: units of `currency` per euro on `day` (YYYY-MM-DD).
    public struct Rate: Sendable, Equatable {
        public var day: String
        public var currency: String
        public var perEUR: Double
    }

    /// What an import did.
    public struct Imported: Sendable, Codable {
        public var rates: Int
        public var currencies: Int
        public var firstDay: String?
        public var lastDay: String?

        enum CodingKeys: String, CodingKey {
            case rates, currencies
            case firstDay = "first_day"
            case lastDay = "last_day"
        }
    }

    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Reads the ECB's history file (`eurofxref-hist.csv`): a header `Date,USD,JPY,…`, then one line per
    /// day; `N/A` and empty cells are days without a rate. A line that does not fit is an error naming it.
    public static func parse(_ text: String) throws(FXRateError) -> [Rate] {
        // Byte-level splitting: the file has some 200,000 cells, and Foundation's trimming per cell cost
        // seconds in a debug build.
        func trimmed(_ bytes: Substring.UTF8View) -> Substring {
            var view = bytes
            while let first = view.first, first == 32 || first == 9 { view = view.dropFirst() }
            while let last = view.last, last == 32 || last == 9 || last == 13 { view = view.dropLast() }
            return Substring(view)
        }
        var lines = text.utf8.split(separator: 10).makeIterator()
        guard let headerLine = lines.next() else { throw FXRateError("the file is empty") }
        let header = headerLine.split(separator: 44, omittingEmptySubsequences: false).map(trimmed)
        guard header.first == "Date", header.count > 1 else {
            throw FXRateError("not an ECB rates file: the first line must be 'Date,USD,JPY,…'")
        }
        let currencies = header.dropFirst().map(String.init)
        for currency in currencies where !currency.isEmpty {
            guard currency.utf8.count == 3, currency.utf8.allSatisfy({ (65...90).contains($0) }) else {
                throw FXRateError("not an ECB rates file: '\(currency)' in the header is no ISO 4217 code")
            }
        }
        var rates: [Rate] = []
        var number = 1
        while let line = lines.next() {
            number += 1
            let cells = line.split(separator: 44, omittingEmptySubsequences: false)
            let day = String(trimmed(cells[0]))
            if day.isEmpty && cells.count == 1 { continue }
            guard CalendarDay.isValid(day) else {
                throw FXRateError("line \(number): '\(day)' is not a date (YYYY-MM-DD)")
            }
            for (currency, cell) in zip(currencies, cells.dropFirst()) where !currency.isEmpty {
                let text = trimmed(cell)
                if text.isEmpty || text == "N/A" { continue }
                guard let value = Double(text), value > 0, value.isFinite else {
                    throw FXRateError("line \(number): '\(text)' is not a rate for \(currency)")
                }
                rates.append(Rate(day: day, currency: currency, perEUR: value))
            }
        }
        guard !rates.isEmpty else { throw FXRateError("the file holds no rates") }
        return rates
    }

    /// Loads `rates`, replacing the rate of any day and currency already stored; one transaction, so a
    /// failed import leaves the earlier rates as they were.
    public func importRates(_ rates: [Rate]) async throws -> Imported {
        try await client.withTransaction(logger: logger) { connection in
            var start = 0
            while start < rates.count {
                let batch = rates[start..<min(rates.count, start + 20_000)]
                try await connection.query(
                    """
                    INSERT INTO factwire.fx_rates (currency, day, per_eur)
                    SELECT c, d::date, r::numeric
                    FROM unnest(\(batch.map(\.currency)), \(batch.map(\.day)), \(batch.map(\.perEUR))) AS t(c, d, r)
                    ON CONFLICT (currency, day) DO UPDATE SET per_eur = EXCLUDED.per_eur
                    """, logger: logger)
                start += batch.count
            }
        }
        let days = rates.map(\.day)
        return Imported(
            rates: rates.count, currencies: Set(rates.map(\.currency)).count, firstDay: days.min(), lastDay: days.max())
    }
}

/// Why a rates file could not be loaded; the message names the line.
public struct FXRateError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
