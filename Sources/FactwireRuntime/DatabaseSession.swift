import Dispatch
public import EmbeddedPostgres
import FactwireCore
import FactwireQueue
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
    /// What connections use: the database itself, or the loopback ``DatabaseRelay`` in front of a
    /// multi-host URL's servers.
    public let configuration: DatabaseConfiguration
    /// The relay following the server that matches `target_session_attrs`, when the URL names several hosts.
    public let relay: DatabaseRelay?
    /// The pool is PgBouncer in transaction mode: no named prepared statements, no LISTEN through it.
    public let pgbouncer: Bool
    /// A small pool on `DATABASE_LISTEN_URL` (a direct connection) for LISTEN, when one is given.
    public let listenClient: PostgresClient?

    /// Where this process may LISTEN: the direct listen pool, or the main pool unless it is PgBouncer in
    /// transaction mode (which hands a LISTEN to a server connection and then to other clients). Nil:
    /// poll only.
    public var listener: PostgresClient? { listenClient ?? (pgbouncer ? nil : client) }
    /// The embedded cluster, when no URL was given.
    public let embedded: EmbeddedPostgres?

    /// A one-line description for humans: where the data lives.
    public var summary: String {
        guard let embedded else { return "PostgreSQL at \(relay?.upstream ?? configuration)" }
        let how = embedded.ownsServer ? "started for this command; stops when it ends" : "already running; left running"
        return "embedded PostgreSQL at \(embedded.endpoint.map(\.description) ?? "?") (\(how))"
    }

    /// The configuration connections use: `configuration` itself, or, for several hosts, a started
    /// ``DatabaseRelay``'s loopback address (connections through it flow once its `run()` runs).
    public static func connectable(_ configuration: DatabaseConfiguration, logger: Logger) async throws -> (
        DatabaseConfiguration, DatabaseRelay?
    ) {
        let relay = configuration.hosts.count > 1 ? DatabaseRelay(upstream: configuration, logger: logger) : nil
        return (try await relay?.start() ?? configuration, relay)
    }

    /// How long a command waits, once its work is done, for its pools to close their connections.
    static let poolShutdownGrace: Duration = .seconds(5)

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
            let pgbouncer = options.pgbouncer || configuration.pgbouncer
            if pgbouncer && PreparedStatementPolicy.disable() {
                logger.info("PgBouncer in transaction mode: unnamed statements only")
            }
            var backgroundLogger = logger
            backgroundLogger.logLevel = max(logger.logLevel, .error)
            let (connectable, relay) = try await Self.connectable(configuration, logger: logger)
            let client = PostgresClient(
                configuration: try connectable.clientConfiguration(maximumConnections: maximumConnections),
                backgroundLogger: backgroundLogger
            )
            var listenRelay: DatabaseRelay?
            var listenClient: PostgresClient?
            if let listenURL = options.listenURL {
                let listen = try DatabaseConfiguration(url: listenURL, environment: options.environment)
                let (direct, relay) = try await Self.connectable(listen, logger: logger)
                listenRelay = relay
                listenClient = PostgresClient(
                    configuration: try direct.clientConfiguration(maximumConnections: 2),
                    backgroundLogger: backgroundLogger)
            } else if pgbouncer {
                logger.notice(
                    "no DATABASE_LISTEN_URL behind PgBouncer: polling for work instead of LISTEN (set it to a direct URL for prompt wake-ups)"
                )
            }
            let session = DatabaseSession(
                client: client, configuration: connectable, relay: relay, pgbouncer: pgbouncer,
                listenClient: listenClient, embedded: embedded)
            let result = try await withThrowingTaskGroup(of: Void.self) { group in
                for relay in [relay, listenRelay].compactMap({ $0 }) { group.addTask { await relay.run() } }
                defer { group.cancelAll() }
                try await connectable.probe(logger: logger)
                // A pool waits, when it shuts down, for every connection it lent; a task that ignored its
                // cancellation (a service abandoned past its shutdown budget) would hold the command open, its
                // listening address with it. Past a grace period the pools are left behind: the process is ending.
                for pool in [listenClient, client].compactMap({ $0 }) {
                    group.addTask {
                        do {
                            try await Abandonable.run(grace: Self.poolShutdownGrace) { await pool.run() }
                        } catch {
                            logger.warning("a database pool did not close within \(Self.poolShutdownGrace); leaving it")
                        }
                    }
                }
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
