import EmbeddedPostgres
import FactwireAPI
import FactwireIngest
import FactwireQueue
public import FactwireStore
import Foundation
public import Logging
public import PostgresNIO

/// The read API against PostgreSQL's own rate for the same SQL, side by side in one run.
///
/// A query worker (TLS, bearer tokens) serves on loopback in this process; `wrk`, a separate process,
/// loads each route over keep-alive TLS connections. Then `pgbench -M prepared` runs the statement the
/// route runs, with the same values, on the same database. The ratio of the two rates says what the
/// HTTP layer, the pool and the per-request work cost; `/healthz` (no database) is the TLS and HTTP
/// ceiling.
public struct ExternalAPIBenchmark: Sendable {
    public struct Configuration: Sendable {
        /// wrk's keep-alive connections.
        public var connections = 64
        /// wrk's threads.
        public var threads = 2
        /// pgbench's clients (`-c`), over `threads` threads (`-j`).
        public var pgbenchClients = 16
        public var seconds = 10.0
        /// Generated articles to load first.
        public var documents = 500
        /// The `wrk` and `pgbench` executables.
        public var wrk = "wrk"
        public var pgbench = "pgbench"
        public init() {}
    }

    public struct Route: Encodable, Sendable {
        public var route: String
        public var requestsPerSecond: Double
        public var p50: Double
        public var p99: Double
        public var non2xx: Int
        /// pgbench's transactions per second for the route's statement; nil for a route without one.
        public var sqlPerSecond: Double?
        /// requests/s ÷ SQL statements/s.
        public var ratio: Double?

        enum CodingKeys: String, CodingKey {
            case route
            case p50 = "p50_ms"
            case p99 = "p99_ms"
            case ratio
            case requestsPerSecond = "requests_per_s"
            case non2xx = "non_2xx"
            case sqlPerSecond = "sql_per_s"
        }
    }

    public struct Report: Encodable, Sendable {
        public var benchmark = "api-external"
        public var connections: Int
        public var wrkThreads: Int
        public var pgbenchClients: Int
        public var seconds: Double
        public var routes: [Route]

        enum CodingKeys: String, CodingKey {
            case benchmark, connections, seconds, routes
            case wrkThreads = "wrk_threads"
            case pgbenchClients = "pgbench_clients"
        }
    }

    let configuration: Configuration
    let client: PostgresClient
    let database: DatabaseConfiguration
    let logger: Logger

    public init(configuration: Configuration, client: PostgresClient, database: DatabaseConfiguration, logger: Logger) {
        self.configuration = configuration
        self.client = client
        self.database = database
        self.logger = logger
    }

    public func run() async throws -> Report {
        for tool in [configuration.wrk, configuration.pgbench] where Self.executable(tool) == nil {
            throw BenchmarkFailure(
                description: "\(tool) was not found on PATH (Debian: apt-get install wrk postgresql-client)")
        }
        return try await BenchServer.run(
            client: client, database: database, logger: logger, documents: configuration.documents, mutualTLS: false
        ) { server in
            let (company, article, folder) = (server.company, server.article, server.certificates)
            let token = try await APITokens(client: client).create(role: .read, label: "bench", logger: logger)
            let base = "https://127.0.0.1:\(server.port)"
            var filter = FactFilter(limit: 20)
            filter.companyName = company.removingPercentEncoding ?? company
            let facts = FactStore.pageStatement(filter)
            let routes: [(String, StatementText?)] = [
                ("/v1/facts?company=\(company)&limit=20", facts),
                (
                    "/v1/articles/\(article)",
                    StatementText(sql: ArticleStore.articleJSONSQL, parameters: [String(article)])
                ),
                ("/healthz", nil)
            ]
            var measured: [Route] = []
            for (path, statement) in routes {
                var route = try await wrk(base + path, token: token)
                route.route = path
                if let statement {
                    let rate = try await pgbench(statement, folder: folder)
                    route.sqlPerSecond = rate
                    route.ratio = rate > 0 ? (route.requestsPerSecond / rate * 1000).rounded() / 1000 : nil
                }
                measured.append(route)
            }
            return Report(
                connections: configuration.connections, wrkThreads: configuration.threads,
                pgbenchClients: configuration.pgbenchClients, seconds: configuration.seconds, routes: measured)
        }
    }

    /// Runs wrk against `url` and reads its rate and latency percentiles.
    func wrk(_ url: String, token: String) async throws -> Route {
        let seconds = max(1, Int(configuration.seconds.rounded()))
        let arguments = [
            Self.executable(configuration.wrk)!, "-t\(configuration.threads)", "-c\(configuration.connections)",
            "-d\(seconds)s", "--latency", "-H", "Authorization: Bearer \(token)", url
        ]
        let result = try await ProcessRunner.offload { try ProcessRunner.run(arguments) }
        guard result.exitCode == 0, let rate = Self.number(after: "Requests/sec:", in: result.output) else {
            throw BenchmarkFailure(description: "wrk failed (exit \(result.exitCode)): \(result.output.suffix(500))")
        }
        return Route(
            route: url, requestsPerSecond: rate, p50: Self.latency("50%", in: result.output) ?? .nan,
            p99: Self.latency("99%", in: result.output) ?? .nan,
            non2xx: Int(Self.number(after: "Non-2xx or 3xx responses:", in: result.output) ?? 0))
    }

    /// Runs `statement` with pgbench (`-M prepared`) and returns its transactions per second.
    func pgbench(_ statement: StatementText, folder: String) async throws -> Double {
        // pgbench's variables (:p1…) become the prepared statement's parameters, as PostgresNIO binds them.
        var sql = statement.sql
        for index in statement.parameters.indices.reversed() {
            sql = sql.replacingOccurrences(of: "$\(index + 1)", with: ":p\(index + 1)")
        }
        let script = "\(folder)/statement.sql"
        try (sql.split(separator: "\n").joined(separator: " ") + ";\n").write(
            toFile: script, atomically: true, encoding: .utf8)
        var arguments = [
            Self.executable(configuration.pgbench)!, "-n", "-M", "prepared", "-c", "\(configuration.pgbenchClients)",
            "-j", "\(configuration.threads)", "-T", "\(max(1, Int(configuration.seconds.rounded())))", "-f", script,
            "-h", database.host ?? database.unixSocketPath ?? "127.0.0.1", "-p", "\(database.port)",
            "-U", database.username
        ]
        for (index, value) in statement.parameters.enumerated() { arguments += ["-D", "p\(index + 1)=\(value)"] }
        arguments.append(database.database)
        let command = arguments
        let environment = ["PGPASSWORD": database.password ?? "", "PGSSLMODE": "prefer"]
        let result = try await ProcessRunner.offload { try ProcessRunner.run(command, environment: environment) }
        guard result.exitCode == 0, let tps = Self.number(after: "tps =", in: result.output) else {
            throw BenchmarkFailure(
                description: "pgbench failed (exit \(result.exitCode)): \(result.output.suffix(500))")
        }
        return tps
    }

    /// The first number after `label` in `text`.
    static func number(after label: String, in text: String) -> Double? {
        guard let range = text.range(of: label) else { return nil }
        let rest = text[range.upperBound...].drop { $0 == " " }
        return Double(rest.prefix { $0.isNumber || $0 == "." })
    }

    /// wrk's latency percentile line ("     99%   12.34ms"), in milliseconds.
    static func latency(_ percentile: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, parts[0] == percentile else { continue }
            let value = parts[1]
            let number = Double(value.prefix { $0.isNumber || $0 == "." }) ?? .nan
            if value.hasSuffix("us") { return number / 1000 }
            if value.hasSuffix("ms") { return number }
            if value.hasSuffix("s") { return number * 1000 }
            if value.hasSuffix("m") { return number * 60_000 }
        }
        return nil
    }

    /// `name` when it is a path, else the first executable of that name on PATH.
    static func executable(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
