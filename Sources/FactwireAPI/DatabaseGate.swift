import Logging
import PostgresNIO
import Synchronization

/// Whether PostgreSQL answered recently. While it does not, requests that need it are answered 503 at
/// once instead of queueing on the connection pool until its circuit breaker trips (tens of seconds):
/// a client, a load balancer or `factwire ingest --server` can then retry, as PostgREST's clients do.
///
/// A probe (`SELECT 1`, bounded by ``timeout``) runs every ``interval``; a request that fails with a
/// connection error closes the gate at once, and the next good probe opens it.
final class DatabaseGate: Sendable {
    private struct State { var up = true; var since = ContinuousClock.now }

    let client: PostgresClient
    let interval: Duration
    let timeout: Duration
    let logger: Logger
    private let state = Mutex(State())

    init(client: PostgresClient, interval: Duration = .seconds(1), timeout: Duration = .seconds(2), logger: Logger) {
        self.client = client
        self.interval = interval
        self.timeout = timeout
        self.logger = logger
    }

    var isUp: Bool { state.withLock { $0.up } }

    /// Records a failure seen by a request; the probe decides when it is over.
    func markDown(_ error: any Error) {
        let changed = state.withLock { state -> Bool in
            defer { if state.up { state = State(up: false, since: .now) } }
            return state.up
        }
        if changed { logger.warning("PostgreSQL unreachable; answering 503 until it is back", metadata: ["error": "\(String(reflecting: error))"]) }
    }

    /// Probes until cancelled.
    func run() async {
        while !Task.isCancelled {
            let error = await probe()
            let (changed, downFor) = state.withLock { state -> (Bool, Duration) in
                let wasUp = state.up
                let downFor = state.since.duration(to: .now)
                if wasUp != (error == nil) { state = State(up: error == nil, since: .now) }
                return (wasUp != (error == nil), downFor)
            }
            if changed, let error {
                logger.warning("PostgreSQL unreachable; answering 503 until it is back", metadata: ["error": "\(String(reflecting: error))"])
            } else if changed {
                logger.notice("PostgreSQL reachable again", metadata: ["down_seconds": "\(downFor.components.seconds)"])
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// Nil when the database answered within the timeout.
    private func probe() async -> (any Error)? {
        let client = self.client
        let logger = self.logger
        let timeout = self.timeout
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    let rows = try await client.query("SELECT 1", logger: logger)
                    for try await _ in rows {}
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw ProbeTimeout(timeout: timeout)
                }
                defer { group.cancelAll() }
                try await group.next()
            }
            return nil
        } catch {
            return error
        }
    }

    struct ProbeTimeout: Error, CustomStringConvertible {
        var timeout: Duration
        var description: String { "no answer to SELECT 1 within \(timeout)" }
    }

    /// Errors that mean "the database is not there", as opposed to a bad query.
    static func isUnavailable(_ error: any Error) -> Bool {
        if error is ProbeTimeout { return true }
        if let error = error as? PSQLError {
            switch error.code {
            case .connectionError, .serverClosedConnection, .uncleanShutdown, .poolClosed, .clientClosedConnection:
                return true
            case .server:
                // Class 08 (connection exception) and 57P (admin or crash shutdown, cannot connect now).
                let state = error.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("08") || state.hasPrefix("57P")
            default:
                return false
            }
        }
        // The pool's own errors (its circuit breaker tripped after failed connection attempts).
        return String(reflecting: type(of: error)).contains("ConnectionPoolError")
    }
}
