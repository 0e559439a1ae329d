import Dispatch
public import EmbeddedPostgres
public import FactwireQueue
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

/// A database connection pool for one command, on `DATABASE_URL` or on the embedded cluster.
///
/// With the embedded cluster, the session starts it (or adopts the one another `factwire` runs on the
/// same home), and stops it when the command ends, also on SIGINT/SIGTERM, so no server is left
/// behind.
public struct DatabaseSession: Sendable {
    /// The pool; running while the session's body runs.
    public let client: PostgresClient
    /// Where the database is.
    public let configuration: DatabaseConfiguration
    /// The embedded cluster, when no URL was given.
    public let embedded: EmbeddedPostgres?

    /// A one-line description for humans: where the data lives.
    public var summary: String {
        guard let embedded else { return "PostgreSQL at \(configuration)" }
        let how = embedded.ownsServer ? "started for this command; stops when it ends" : "already running; left running"
        return "embedded PostgreSQL at \(embedded.endpoint.map(\.description) ?? "?") (\(how))"
    }

    /// Runs `body` with a ready database.
    /// - Parameters:
    ///   - onSignal: Called on SIGINT/SIGTERM after the embedded cluster this session started has stopped
    ///     (the executable exits there). nil: signals are left alone, as services that drain gracefully
    ///     through a ServiceGroup let the group handle them.
    public static func with<T: Sendable>(
        _ options: DatabaseLocation,
        logger: Logger,
        maximumConnections: Int = 20,
        onSignal: (@Sendable (Int32) -> Void)?,
        _ body: @Sendable (DatabaseSession) async throws -> T
    ) async throws -> T {
        var embedded: EmbeddedPostgres?
        let configuration: DatabaseConfiguration
        if let url = options.url {
            configuration = try DatabaseConfiguration(url: url, environment: options.environment)
        } else {
            var clusterConfiguration = EmbeddedPostgres.Configuration(home: options.home)
            clusterConfiguration.binDirectory = options.pgBin
            let cluster = EmbeddedPostgres(configuration: clusterConfiguration, logger: logger)
            let endpoint = try await cluster.start()
            embedded = cluster
            configuration = try DatabaseConfiguration(url: endpoint.url)
        }
        if embedded != nil {
            do {
                try await configuration.createDatabaseIfMissing(logger: logger)
            } catch {
                try? await embedded?.stop()
                let reason = (error as? any ExitStatusProviding)?.exitMessage ?? String(describing: error)
                throw DatabaseConfigurationError(
                    message: "cannot create the database on the embedded cluster: \(reason)")
            }
        }
        let trap = onSignal.map { SignalTrap(cluster: embedded, then: $0) }
        defer { trap?.cancel() }

        do {
            try await configuration.probe(logger: logger)
            var backgroundLogger = logger
            backgroundLogger.logLevel = max(logger.logLevel, .error)
            let client = PostgresClient(
                configuration: try configuration.clientConfiguration(maximumConnections: maximumConnections),
                backgroundLogger: backgroundLogger
            )
            let session = DatabaseSession(client: client, configuration: configuration, embedded: embedded)
            let result = try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                defer { group.cancelAll() }
                return try await body(session)
            }
            try await embedded?.stop()
            return result
        } catch {
            try? await embedded?.stop()
            throw error
        }
    }
}
