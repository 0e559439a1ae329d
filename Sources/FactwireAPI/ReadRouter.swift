import FactwireObservability
public import FactwireStore
public import Logging
import NIOPosix
public import PostgresNIO
import Prometheus
public import ServiceLifecycle
import Synchronization

/// Where the read API's queries go: the streaming replica of `DATABASE_READ_URL` while it answers and has
/// replayed the primary's WAL to within ``maximumLag``, the primary otherwise.
///
/// As a service it checks the replica every ``checkInterval`` on a connection of its own (a pool that
/// cannot connect makes its callers wait tens of seconds, so the pool is never the probe): whether it
/// answers, how far its replay is behind in time and in WAL bytes. Those figures are exported as
/// `factwire_replica_up`, `factwire_replica_lag_seconds` and `factwire_replica_lag_bytes`, and shown on
/// the dashboard.
///
/// A read on the replica that fails for a reason of the replica's (its connection closed, a conflict
/// with recovery, the replica found down while the read waited for a connection) runs again on the
/// primary, so a replica outage costs latency, never a 5xx. Writes, job state and `?wait` answers never
/// come here: they read the primary, which always has the write just made.
public final class ReadRouter: Service, Sendable {
    /// The replica's state as last checked.
    public struct ReplicaState: Sendable, Equatable {
        /// The replica answered the last check.
        public var up: Bool
        /// How long ago the last transaction it replayed committed, while it has received WAL it has not
        /// replayed yet; 0 when replay has caught up with what it received. Nil when unknown.
        public var lagSeconds: Double?
        /// WAL bytes the primary has written that the replica has not replayed. Nil when unknown.
        public var lagBytes: Double?
    }

    let primary: PostgresClient
    let replica: (client: PostgresClient, database: DatabaseConfiguration)?
    /// A replica further behind than this serves no reads until it catches up. Default 10 s.
    public let maximumLag: Duration
    /// How often the replica is checked. Default 500 ms.
    public let checkInterval: Duration
    /// How long one check may take (connecting and both queries) before the replica counts as down. Default 2 s:
    /// a replica that slow would slow every read it served.
    public let checkTimeout: Duration
    let logger: Logger
    private let state = Mutex(ReplicaState(up: true, lagSeconds: 0, lagBytes: 0))

    /// - Parameters:
    ///   - replica: the replica's pool and where it is (its own connection checks it); nil: all reads on `primary`.
    public init(
        primary: PostgresClient, replica: (client: PostgresClient, database: DatabaseConfiguration)?,
        maximumLag: Duration = .seconds(10), checkInterval: Duration = .milliseconds(500),
        checkTimeout: Duration = .seconds(2), logger: Logger
    ) {
        self.primary = primary
        self.replica = replica
        self.maximumLag = maximumLag
        self.checkInterval = checkInterval
        self.checkTimeout = checkTimeout
        self.logger = logger
    }

    /// The replica's state as last checked; nil without a replica.
    public var replicaState: ReplicaState? { replica == nil ? nil : state.withLock { $0 } }

    /// Whether reads go to the replica now.
    var replicaServes: Bool {
        guard replica != nil else { return false }
        let lagLimit = Double(maximumLag.components.seconds) + Double(maximumLag.components.attoseconds) / 1e18
        return state.withLock { $0.up && ($0.lagSeconds ?? .infinity) <= lagLimit }
    }

    /// The client reads go to now.
    var currentReader: PostgresClient {
        guard let replica, replicaServes else { return primary }
        return replica.client
    }

    /// Runs a read on the replica when it serves, else (and after a replica failure) on the primary.
    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresClient) async throws -> T) async throws -> T {
        guard let replica, replicaServes else {
            Self.count(server: "primary")
            return try await body(primary)
        }
        do {
            let value = try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask { try await body(replica.client) }
                // A read waiting for a replica connection that will not come is cut off once the check finds it down.
                group.addTask {
                    while self.state.withLock({ $0.up }) { try await Task.sleep(for: .milliseconds(100)) }
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let value = first else { throw ReplicaUnavailable() }
                return value
            }
            Self.count(server: "replica")
            return value
        } catch let error where Self.isReplicaFailure(error) {
            // A lost connection means the replica is likely gone until the next check says otherwise; a query the
            // replica cancelled (a conflict with replay) or refused while starting only moves this read.
            if let failure = error as? PSQLError, failure.code != .server { markDown(error) }
            Self.count(server: "primary")
            return try await body(primary)
        }
    }

    struct ReplicaUnavailable: Error {}

    /// The replica's fault, not the request's: the connection failed or closed, the server is shutting down
    /// or still starting, or a query was cancelled by a conflict with WAL replay. A request cancelled by its
    /// own client is not one (the replica is fine; nothing runs again).
    static func isReplicaFailure(_ error: any Error) -> Bool {
        if error is ReplicaUnavailable { return true }
        guard let error = error as? PSQLError else { return false }
        if error.code == .server {
            guard let state = error.serverInfo?[.sqlState] else { return false }
            return state == "40001" || state.hasPrefix("57P") || state.hasPrefix("08")
        }
        return error.code == .connectionError || error.code == .serverClosedConnection
            || error.code == .uncleanShutdown || error.code == .sslUnsupported
            || error.code == .failedToAddSSLHandler
    }

    private func markDown(_ error: any Error) {
        let changed = state.withLock { state -> Bool in
            defer { state.up = false }
            return state.up
        }
        if changed {
            logger.warning(
                "read replica failed; reads go to the primary until it answers again",
                metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    static func count(server: String) {
        FactwireMetrics.counter("factwire_reads_total", labels: [("server", server)]).increment()
    }

    // MARK: - Checking the replica

    /// Checks the replica until shutdown.
    public func run() async throws {
        guard let replica else {
            // Nothing to check; a service that returned early would stop its group.
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let checked = await self.check(replica.database)
                let previous = self.state.withLock { state -> ReplicaState in
                    defer { state = checked }
                    return state
                }
                if previous.up != checked.up {
                    if checked.up {
                        self.logger.notice("read replica answers again", metadata: ["replica": "\(replica.database)"])
                    } else {
                        self.logger.warning(
                            "read replica does not answer; reads go to the primary",
                            metadata: ["replica": "\(replica.database)"])
                    }
                }
                Self.export(checked)
                try? await Task.sleep(for: self.checkInterval)
            }
        }
    }

    static func export(_ state: ReplicaState) {
        FactwireMetrics.gauge("factwire_replica_up").set(Double(state.up ? 1 : 0))
        FactwireMetrics.gauge("factwire_replica_lag_seconds").set(state.lagSeconds ?? -1)
        FactwireMetrics.gauge("factwire_replica_lag_bytes").set(state.lagBytes ?? -1)
    }

    /// One check on a fresh connection: the replay lag in time, and in bytes against the primary's WAL position.
    func check(_ database: DatabaseConfiguration) async -> ReplicaState {
        let quiet = { () -> Logger in
            var logger = self.logger
            logger.logLevel = .critical
            return logger
        }()
        let timeout = checkTimeout
        let measured = await Self.within(timeout) { () -> (Double?, String?)? in
            try await database.withSingleConnection(timeout: timeout, logger: quiet) { connection in
                // Replay has caught up when it reached what was received: the lag is then 0, not the age of
                // the last commit (an idle primary sends no commits to replay).
                let rows = try await connection.query(
                    """
                    SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0
                                WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
                                ELSE extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) END::float8,
                           coalesce(pg_last_wal_replay_lsn(), pg_current_wal_lsn())::text
                    """, logger: quiet)
                for try await row in rows.decode((Double?, String?).self) { return row }
                return nil
            }
        }
        guard let (lagSeconds, replayed) = measured ?? nil else { return ReplicaState(up: false) }
        let primary = self.primary
        let lagBytes = await Self.within(timeout) { () -> Double? in
            guard let replayed else { return nil }
            let rows = try await primary.query(
                "SELECT CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), \(replayed)::pg_lsn)::float8 END",
                logger: quiet)
            for try await value in rows.decode(Double?.self) { return value.map { max(0, $0) } }
            return nil
        }
        return ReplicaState(up: true, lagSeconds: lagSeconds, lagBytes: lagBytes ?? nil)
    }

    /// `body`'s value, or nil when it fails or takes longer than `timeout` (it is then cancelled).
    static func within<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async -> T? {
        try? await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }
}
