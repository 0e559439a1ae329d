public import EmbeddedPostgres
public import FactwireStore
import Foundation
public import Logging
public import PostgresNIO
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The PostgreSQL server of a test run, and a fresh database per suite or test on it.
///
/// With `TEST_DATABASE_URL` or `DATABASE_URL` set, tests use that server (the role needs CREATEDB).
/// Otherwise the first caller starts one embedded cluster for the whole process, in a temporary
/// folder, with `fsync=off`; it is stopped and removed when the process exits (and, through the
/// cluster's watchdog, even if the process is killed). Every ``makeDatabase(_:)`` call creates a new
/// database, so suites run in parallel without seeing each other's rows.
public enum TestPostgres {
    private static let state = Mutex<Task<DatabaseConfiguration, any Error>?>(nil)
    private static let cluster = Mutex<(EmbeddedPostgres, String)?>(nil)

    /// A logger for tests: warnings and up, on standard error.
    public static let logger: Logger = {
        var logger = Logger(label: "factwire-tests")
        logger.logLevel =
            ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        return logger
    }()

    /// The server's maintenance database (the one new databases are created from).
    public static func server() async throws -> DatabaseConfiguration {
        let task = state.withLock { current -> Task<DatabaseConfiguration, any Error> in
            if let current { return current }
            let task = Task { try await start() }
            current = task
            return task
        }
        return try await task.value
    }

    /// Creates an empty database named after `prefix` plus a random suffix, and returns its configuration.
    public static func makeDatabase(_ prefix: String) async throws -> DatabaseConfiguration {
        let server = try await server()
        var configuration = server
        let clean = prefix.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "_" }
        configuration.database = "t_\(clean.prefix(30))_\(UInt32.random(in: 0...UInt32.max))"
        try await configuration.createDatabaseIfMissing(maintenanceDatabase: server.database, logger: backgroundLogger)
        return configuration
    }

    /// The pool's own logger: errors only, since PostgresNIO warns when a query races the pool's start.
    static let backgroundLogger: Logger = {
        var logger = TestPostgres.logger
        logger.logLevel = max(logger.logLevel, .error)
        return logger
    }()

    /// Runs `body` with a running client on `configuration`.
    public static func withClient<T: Sendable>(
        _ configuration: DatabaseConfiguration,
        maximumConnections: Int = 10,
        _ body: @Sendable (PostgresClient) async throws -> T
    ) async throws -> T {
        let client = PostgresClient(
            configuration: try configuration.clientConfiguration(maximumConnections: maximumConnections),
            backgroundLogger: backgroundLogger
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    /// Where the embedded test cluster lives, or nil when tests use an external server.
    public static var embeddedHome: String? { cluster.withLock { $0?.1 } }

    /// Where PostgreSQL's server programs are (for tests that start clusters of their own).
    public static func binaries() throws -> PostgresBinaries {
        try PostgresBinaries.locate(explicitDirectory: ProcessInfo.processInfo.environment["FACTWIRE_PG_BIN"])
    }

    private static func start() async throws -> DatabaseConfiguration {
        let environment = ProcessInfo.processInfo.environment
        if let url = environment["TEST_DATABASE_URL"] ?? environment["DATABASE_URL"], !url.isEmpty {
            return try DatabaseConfiguration(url: url, environment: environment)
        }
        let home = NSTemporaryDirectory() + "factwire-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var configuration = EmbeddedPostgres.Configuration(home: home)
        configuration.durable = false
        configuration.database = "postgres"
        configuration.binDirectory = environment["FACTWIRE_PG_BIN"]
        // Suites run in parallel and each API harness holds a pool of about 30 connections; a full run
        // reached 300 ("too many clients already", then 503s). Unused slots cost a little shared memory only.
        configuration.serverSettings = ["max_connections": "600"]
        let embedded = EmbeddedPostgres(configuration: configuration, logger: logger)
        cluster.withLock { $0 = (embedded, home) }
        atexit { TestPostgres.stopAtExit() }
        let endpoint = try await embedded.start()
        return try DatabaseConfiguration(url: endpoint.url)
    }

    private static func stopAtExit() {
        guard let (embedded, home) = cluster.withLock({ $0 }) else { return }
        try? embedded.stopBlocking()
        try? FileManager.default.removeItem(atPath: home)
    }
}
