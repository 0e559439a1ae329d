import FactwireCore
import FactwireStore
public import Logging
public import PostgresNIO

/// How fast `factwire.figures` reads one company's series when the database holds many facts: generates
/// companies, articles and quarterly facts (tagged, and deleted afterwards), then times the series query
/// of sample companies with `EXPLAIN ANALYZE` and checks that it reads `facts_series_idx`.
public struct FiguresBenchmark: Sendable {
    public struct Configuration: Sendable {
        public var facts = 1_000_000
        public var companies = 1_000
        public var articles = 50_000
        /// Companies whose series is timed.
        public var samples = 20
        public init() {}
    }

    public struct Report: Encodable, Sendable {
        public var benchmark = "figures"
        public var facts: Int
        public var companies: Int
        public var generateSeconds: Double
        public var medianMilliseconds: Double
        public var p95Milliseconds: Double
        public var maxMilliseconds: Double
        public var readsSeriesIndex: Bool
        /// The same series from `factwire.company_series`, converted to USD (the chart's query).
        public var usdMedianMilliseconds: Double
        public var usdP95Milliseconds: Double
        public var samples: Int

        enum CodingKeys: String, CodingKey {
            case benchmark, facts, companies, samples
            case generateSeconds = "generate_seconds"
            case medianMilliseconds = "series_median_ms"
            case p95Milliseconds = "series_p95_ms"
            case maxMilliseconds = "series_max_ms"
            case usdMedianMilliseconds = "series_usd_median_ms"
            case usdP95Milliseconds = "series_usd_p95_ms"
            case readsSeriesIndex = "reads_series_index"
        }
    }

    let configuration: Configuration
    let client: PostgresClient
    let logger: Logger

    public init(configuration: Configuration, client: PostgresClient, logger: Logger) {
        self.configuration = configuration
        self.client = client
        self.logger = logger
    }

    public func run() async throws -> Report {
        let synthetic = SyntheticFigures(
            tag: "bench-figures-\(UInt32.random(in: 0...UInt32.max))", client: client, logger: logger)
        let started = ContinuousClock.now
        var generated = 0.0
        var times: [Double] = []
        var usdTimes: [Double] = []
        var indexed = true
        do {
            try await synthetic.generate(
                facts: configuration.facts, companies: configuration.companies, articles: configuration.articles)
            generated = (ContinuousClock.now - started).seconds
            for sample in 0..<configuration.samples {
                let company = synthetic.company(1 + sample * max(1, configuration.companies / configuration.samples))
                guard let (milliseconds, readsIndex) = try await synthetic.timeSeries(company: company) else {
                    continue
                }
                times.append(milliseconds)
                indexed = indexed && readsIndex
                if let (usd, _) = try await synthetic.timeSeries(company: company, inUSD: true) {
                    usdTimes.append(usd)
                }
            }
        } catch {
            try? await synthetic.delete()
            throw error
        }
        try await synthetic.delete()
        let sorted = times.sorted()
        let usdSorted = usdTimes.sorted()
        func percentile(_ sorted: [Double], _ p: Double) -> Double {
            sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }
        return Report(
            facts: configuration.facts, companies: configuration.companies, generateSeconds: generated,
            medianMilliseconds: percentile(sorted, 0.5), p95Milliseconds: percentile(sorted, 0.95),
            maxMilliseconds: sorted.last ?? .nan, readsSeriesIndex: indexed,
            usdMedianMilliseconds: percentile(usdSorted, 0.5), usdP95Milliseconds: percentile(usdSorted, 0.95),
            samples: sorted.count)
    }
}
