import FactwireCore
public import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// Relays a process's database connections to whichever server of a multi-host `DATABASE_URL` matches its
/// `target_session_attrs` now, so a failover needs no restart.
///
/// PostgresNIO's pool connects to one address. libpq instead tries each host of
/// `postgres://u@h1,h2/db?target_session_attrs=read-write` at every new connection and keeps the first that
/// matches. The relay gives the pool that behaviour: it listens on a loopback port, and every connection the
/// pool opens is spliced, byte for byte, to the current target. TLS and authentication pass through
/// untouched, end to end with the real server.
///
/// A monitor checks the target every ``checkInterval`` (`pg_is_in_recovery()`, `transaction_read_only`).
/// When it stops answering or stops matching (a primary demoted, or gone in a crash), the relay refuses new
/// connections until a scan of the hosts, in URL order, finds one that matches (the promoted standby). On a
/// switch it closes the connections still open to the old target, so no session lingers on a server that
/// no longer takes writes. The pool sees closed connections and reconnects, as after a restart.
///
/// The cost is one extra loopback hop per round trip. Deployments with a service name that follows the
/// primary (Patroni with HAProxy, CloudNativePG's `-rw` service) need no relay: one host, and none is started.
public final class DatabaseRelay: Sendable {
    /// The multi-host configuration being followed.
    public let upstream: DatabaseConfiguration
    /// How often the target is checked. Default 1 s.
    public let checkInterval: Duration
    /// How long one probe of a host (connecting and one query) may take before the host counts as not answering.
    /// Default 2 s: a failover is noticed within a few seconds, and a primary that slow is a problem of its own.
    public let probeTimeout: Duration
    private let logger: Logger
    private let state = Mutex(State())
    private let server = Mutex<(any Channel)?>(nil)

    private struct State {
        /// The server new connections go to; nil while none matches.
        var target: DatabaseHost?
        /// The last server chosen, kept while none matches, so coming back to it cuts nothing.
        var chosen: DatabaseHost?
        var generation = 0
        var nextID = 0
        /// Open relayed connections: the upstream channel and the generation it was opened in.
        var open: [Int: (channel: any Channel, generation: Int)] = [:]
        var switches = 0
    }

    /// Creates a relay; nothing listens until ``start(timeout:)``.
    public init(
        upstream: DatabaseConfiguration, checkInterval: Duration = .seconds(1), probeTimeout: Duration = .seconds(2),
        logger: Logger
    ) {
        self.upstream = upstream
        self.checkInterval = checkInterval
        self.probeTimeout = probeTimeout
        self.logger = logger
    }

    /// The server connections go to now, if any matches.
    public var target: DatabaseHost? { state.withLock { $0.target } }

    /// How many times the target changed after the first choice.
    public var switches: Int { state.withLock { $0.switches } }

    /// Binds the loopback port and finds the first matching server, waiting up to `timeout` for one.
    /// - Returns: The configuration clients use: the relay's address, with the upstream's credentials and TLS.
    /// - Throws: ``DatabaseConfigurationError`` naming each host and why it did not match.
    public func start(timeout: Duration = .seconds(30)) async throws -> DatabaseConfiguration {
        let deadline = ContinuousClock.now + timeout
        var reasons: [String] = []
        while true {
            let (found, why) = await scan()
            if let found {
                state.withLock {
                    $0.target = found
                    $0.chosen = found
                }
                break
            }
            reasons = why
            guard ContinuousClock.now < deadline else {
                throw DatabaseConfigurationError(
                    message:
                        "no host of \(upstream) is \(upstream.targetSessionAttributes.rawValue): \(reasons.joined(separator: "; "))"
                )
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            // Nothing is read from a client until its server connection is up and spliced.
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { [self] client in
                splice(client)
                return client.eventLoop.makeSucceededVoidFuture()
            }
            .bind(host: "127.0.0.1", port: 0).get()
        server.withLock { $0 = channel }
        guard let port = channel.localAddress?.port else {
            throw DatabaseConfigurationError(message: "the database relay could not bind a loopback port")
        }
        logger.notice(
            "relaying database connections",
            metadata: ["to": "\(target.map(\.description) ?? "?")", "hosts": "\(upstream)"])
        var local = upstream
        local.host = "127.0.0.1"
        local.port = port
        local.hosts = [DatabaseHost(host: "127.0.0.1", port: port)]
        local.targetSessionAttributes = .any
        return local
    }

    /// Follows the target until cancelled; then closes the listening socket and every relayed connection.
    public func run() async {
        guard let channel = server.withLock({ $0 }) else { return }
        await monitor()
        try? await channel.close()
        let open = state.withLock { state in state.open.values.map(\.channel) }
        for channel in open { channel.close(promise: nil) }
    }

    // MARK: - Following the target

    private func monitor() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: checkInterval)
            guard !Task.isCancelled else { return }
            let current = target
            if let current, await matches(current) { continue }
            let (found, reasons) = await scan()
            let (previous, stale): (DatabaseHost?, [any Channel]) = state.withLock { state in
                let previous = state.chosen
                state.target = found
                guard let found, found != previous else { return (previous, []) }
                // Connections to another server are cut; those to the same one are kept.
                state.chosen = found
                state.generation += 1
                if previous != nil { state.switches += 1 }
                let generation = state.generation
                return (previous, state.open.values.filter { $0.generation != generation }.map(\.channel))
            }
            if let found, found != previous {
                logger.notice(
                    "database relay switched",
                    metadata: ["from": "\(previous.map(\.description) ?? "none")", "to": "\(found)"])
            } else if found == nil && current != nil {
                logger.warning(
                    "no database host matches; refusing new connections until one does",
                    metadata: [
                        "target_session_attrs": "\(upstream.targetSessionAttributes.rawValue)",
                        "hosts": "\(reasons.joined(separator: "; "))"
                    ])
            }
            for channel in stale { channel.close(promise: nil) }
        }
    }

    /// The first host that matches, in URL order (standbys first for `prefer-standby`), and why the others did not.
    private func scan() async -> (DatabaseHost?, [String]) {
        var reasons: [String] = []
        var answering: [DatabaseHost] = []
        for host in upstream.hosts {
            guard let session = await session(of: host) else {
                reasons.append("\(host): no answer")
                continue
            }
            answering.append(host)
            if upstream.targetSessionAttributes == .preferStandby && !session.inRecovery {
                reasons.append("\(host): not a standby")
                continue
            }
            if upstream.targetSessionAttributes.accepts(inRecovery: session.inRecovery, readOnly: session.readOnly) {
                return (host, reasons)
            }
            reasons.append("\(host): \(session.inRecovery ? "in recovery" : "read-write") ")
        }
        if upstream.targetSessionAttributes == .preferStandby, let first = answering.first { return (first, reasons) }
        return (nil, reasons)
    }

    /// Whether `host` answers and matches now; a primary chosen for `prefer-standby` does not, so each check
    /// looks for a standby again.
    private func matches(_ host: DatabaseHost) async -> Bool {
        guard let session = await session(of: host) else { return false }
        let attributes = upstream.targetSessionAttributes
        if attributes == .preferStandby { return session.inRecovery }
        return attributes.accepts(inRecovery: session.inRecovery, readOnly: session.readOnly)
    }

    private struct Session: Sendable {
        var inRecovery: Bool
        var readOnly: Bool
    }

    /// One short connection: is the server in recovery, is it read-only. nil when it does not answer in time.
    ///
    /// The probe runs abandonable: a query on a connection to a server that died without closing it may
    /// ignore cancellation, and a task group would wait for it at its end, stalling the monitor (and with it
    /// every failover) for good.
    private func session(of host: DatabaseHost) async -> Session? {
        let timeout = probeTimeout
        let upstream = self.upstream
        let quiet = { () -> Logger in
            var logger = self.logger
            logger.logLevel = .critical
            return logger
        }()
        return try? await Abandonable.run(timeout: timeout, grace: .zero) {
            try await upstream.withSingleConnection(to: host, timeout: timeout, logger: quiet) { connection in
                let rows = try await connection.query(
                    "SELECT pg_is_in_recovery(), current_setting('transaction_read_only') = 'on'", logger: quiet)
                for try await (recovery, readOnly) in rows.decode((Bool, Bool).self) {
                    return Session(inRecovery: recovery, readOnly: readOnly)
                }
                return nil
            }
        }
    }

    // MARK: - Relaying one connection

    /// Connects `client` to the current target on the client's own event loop and splices the two with a
    /// ``RelayGlue`` pair; with no target, or when the server does not answer, closes `client` (the pool sees
    /// a refused connection and retries, as while a server restarts).
    private func splice(_ client: any Channel) {
        let (target, generation) = state.withLock { ($0.target, $0.generation) }
        guard let target else {
            client.close(promise: nil)
            return
        }
        ClientBootstrap(group: client.eventLoop)
            .connectTimeout(.seconds(5))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.autoRead, value: false)
            .connect(host: target.host, port: target.port)
            .whenComplete { [self] result in
                guard case .success(let upstream) = result else {
                    client.close(promise: nil)
                    return
                }
                let id = state.withLock { state in
                    state.nextID += 1
                    state.open[state.nextID] = (upstream, generation)
                    return state.nextID
                }
                upstream.closeFuture.whenComplete { [self] _ in
                    _ = state.withLock { $0.open.removeValue(forKey: id) }
                    client.close(promise: nil)
                }
                client.closeFuture.whenComplete { _ in upstream.close(promise: nil) }
                // Both channels are on this event loop: their pipelines can be changed synchronously here.
                do {
                    let (clientSide, serverSide) = RelayGlue.pair()
                    try client.pipeline.syncOperations.addHandler(clientSide)
                    try upstream.pipeline.syncOperations.addHandler(serverSide)
                    // Reading starts now; from here each read passes the glue, which holds it while the partner
                    // cannot take more.
                    try client.syncOptions?.setOption(.autoRead, value: true)
                    try upstream.syncOptions?.setOption(.autoRead, value: true)
                } catch {
                    client.close(promise: nil)
                }
            }
    }
}
