import FactwireCore
import FactwireStore
import Logging
import PostgresNIO
import Synchronization

/// Whether PostgreSQL answers. While it does not, requests that need it are answered 503 at once instead
/// of queueing on the connection pool until its circuit breaker trips (tens of seconds): a client, a load
/// balancer or `factwire ingest --server` can then retry, as PostgREST's clients do.
///
/// The probe opens its own connection (``DatabaseConfiguration/probe(timeout:logger:)``) every
/// ``interval`` rather than borrowing one from the pool: a pool saturated by a burst of requests is busy,
/// not down, and must not close the gate. Two failed probes in a row close it (a refused connection
/// fails at once, so an outage is seen within about two intervals); a request that fails with a
/// connection error closes it at once; the next good probe opens it.
final class DatabaseGate: Sendable {
    private struct State {
        var up = true
        var since = ContinuousClock.now
        var failures = 0
    }

    let probe: @Sendable () async throws -> Void
    let timeout: Duration
    let interval: Duration
    let logger: Logger
    private let state = Mutex(State())

    /// - Parameter timeout: How long one probe may take before it counts as failed. The loop in ``run()``
    ///   enforces it on any probe, and abandons one that then ignores its cancellation: the gate's task must
    ///   end when the query worker stops, also when the query worker stops because it could not listen.
    init(
        probe: @escaping @Sendable () async throws -> Void, timeout: Duration = .seconds(5),
        interval: Duration = .seconds(1), logger: Logger
    ) {
        self.probe = probe
        self.timeout = timeout
        self.interval = interval
        self.logger = logger
    }

    /// A gate probing through `database`'s own short-lived connections, each allowed `timeout`.
    convenience init(database: DatabaseConfiguration, timeout: Duration = .seconds(5), logger: Logger) {
        self.init(
            probe: { try await database.probe(timeout: timeout, logger: logger) }, timeout: timeout, logger: logger)
    }

    /// A gate probing through `client`'s pool, bounded by `timeout`: for callers without the
    /// ``DatabaseConfiguration`` (a pool busy for longer than the timeout counts as a failed probe).
    convenience init(client: PostgresClient, timeout: Duration = .seconds(5), logger: Logger) {
        self.init(
            probe: { for try await _ in try await client.query("SELECT 1", logger: logger) {} }, timeout: timeout,
            logger: logger)
    }

    var isUp: Bool { state.withLock { $0.up } }

    /// Records a failure seen by a request; the probe decides when it is over.
    func markDown(_ error: any Error) {
        let changed = state.withLock { state -> Bool in
            defer { if state.up { state = State(up: false, since: .now, failures: 1) } }
            return state.up
        }
        if changed {
            logger.warning(
                "PostgreSQL unreachable; answering 503 until it is back",
                metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// Probes until cancelled.
    func run() async {
        while !Task.isCancelled {
            var failure: (any Error)?
            do {
                try await Abandonable.run(timeout: timeout, grace: .seconds(1), probe)
            } catch let error as Abandonable.TimedOut {
                failure = ProbeTimeout(timeout: error.limit)
            } catch {
                failure = error
            }
            // Cancelled while probing: the probe's failure says nothing about the database.
            if Task.isCancelled { break }
            let (wentDown, cameBack, downFor) = state.withLock { state -> (Bool, Bool, Duration) in
                let downFor = state.since.duration(to: .now)
                if failure == nil {
                    state.failures = 0
                    guard !state.up else { return (false, false, downFor) }
                    state = State(up: true, since: .now, failures: 0)
                    return (false, true, downFor)
                }
                state.failures += 1
                guard state.up, state.failures >= 2 else { return (false, false, downFor) }
                state = State(up: false, since: .now, failures: state.failures)
                return (true, false, downFor)
            }
            if wentDown, let failure {
                logger.warning(
                    "PostgreSQL unreachable; answering 503 until it is back",
                    metadata: ["error": "\(String(reflecting: failure))"])
            } else if cameBack {
                logger.notice("PostgreSQL reachable again", metadata: ["down_seconds": "\(downFor.components.seconds)"])
            }
            try? await Task.sleep(for: interval)
        }
    }

    struct ProbeTimeout: Error, CustomStringConvertible {
        var timeout: Duration
        var description: String { "no answer to SELECT 1 within \(timeout)" }
    }

    /// Errors that mean "the database is not there", as opposed to a bad query.
    static func isUnavailable(_ error: any Error) -> Bool {
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
