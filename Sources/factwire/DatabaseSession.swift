import Dispatch
import EmbeddedPostgres
import FactwireQueue
import FactwireStore
import Foundation
import Logging
import PostgresNIO
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
struct DatabaseSession: Sendable {
    /// The pool; running while the session's body runs.
    let client: PostgresClient
    /// Where the database is.
    let configuration: DatabaseConfiguration
    /// The embedded cluster, when no URL was given.
    let embedded: EmbeddedPostgres?

    /// A one-line description for humans: where the data lives.
    var summary: String {
        guard let embedded else { return "PostgreSQL at \(configuration)" }
        let how = embedded.ownsServer ? "started for this command; stops when it ends" : "already running; left running"
        return "embedded PostgreSQL at \(embedded.endpoint.map(\.description) ?? "?") (\(how))"
    }

    /// Runs `body` with a ready database.
    /// - Parameters:
    ///   - trapSignals: Stop the embedded cluster and exit on SIGINT/SIGTERM. Services that drain
    ///     gracefully through a ServiceGroup pass false and let the group handle signals.
    static func with<T: Sendable>(
        _ options: GlobalOptions,
        logger: Logger,
        maximumConnections: Int = 20,
        trapSignals: Bool = true,
        _ body: @Sendable (DatabaseSession) async throws -> T
    ) async throws -> T {
        var embedded: EmbeddedPostgres?
        let configuration: DatabaseConfiguration
        if let url = options.resolvedDatabaseURL {
            configuration = try DatabaseConfiguration(url: url, environment: options.environment)
        } else {
            var clusterConfiguration = EmbeddedPostgres.Configuration(home: options.resolvedHome)
            clusterConfiguration.binDirectory = options.resolvedPgBin
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
        let trap = trapSignals ? SignalTrap(cluster: embedded) : nil
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

/// On SIGINT or SIGTERM: stop the embedded cluster this process started, then exit 130 or 143.
final class SignalTrap {
    private let sources: [any DispatchSourceSignal]

    init(cluster: EmbeddedPostgres?) {
        let queue = DispatchQueue(label: "factwire.signals")
        sources = [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                try? cluster?.stopBlocking()
                exit(128 + signalNumber)
            }
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

/// Remembers the first SIGINT or SIGTERM without acting on it: the service group shuts down gracefully,
/// and the command then exits 130 or 143 as an interrupted command does.
final class SignalRecorder {
    private let sources: [any DispatchSourceSignal]
    private final class First: Sendable { let signal = Mutex<Int32?>(nil) }
    private let first = First()

    init() {
        let queue = DispatchQueue(label: "factwire.signal-recorder")
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            sources.append(source)
        }
        self.sources = sources
        for (source, signalNumber) in zip(sources, [SIGINT, SIGTERM]) {
            source.setEventHandler { [first] in first.signal.withLock { if $0 == nil { $0 = signalNumber } } }
            source.resume()
        }
    }

    /// The exit status for the signal received, if any (128 + its number).
    var exitStatus: Int32? { first.signal.withLock { $0.map { 128 + $0 } } }

    func cancel() { for source in sources { source.cancel() } }
}

extension JobWorker.Configuration {
    /// With stuck-pool detection: the worker probes the session's database on a connection of its own.
    func probing(_ session: DatabaseSession, logger: Logger) -> Self {
        var configuration = self
        let database = session.configuration
        configuration.databaseProbe = {
            (try? await database.probe(timeout: .seconds(5), logger: logger)) != nil
        }
        return configuration
    }
}
