import FactwireCore
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// The one LISTEN connection of a worker process, health-checked by a self-ping.
///
/// Listens on `factwire_jobs` (payload: a queue name with new work) and `factwire_control` (JSON:
/// `{"ping":n}`, `{"cancel":id}`, `{"leaderResigned":true}`). Every new session triggers a catch-up
/// fetch in every queue, because notifications sent while disconnected are lost. A ping that does not
/// come back within the timeout means a silently dead connection: reconnect.
final class QueueListener: Sendable {
    struct Handlers: Sendable {
        var wake: @Sendable (String) -> Void
        var wakeAll: @Sendable () -> Void
        var cancel: @Sendable (Int64) -> Void
        var leaderResigned: @Sendable () -> Void
        var event: @Sendable (WorkerEvent) -> Void
    }

    private let client: PostgresClient
    private let handlers: Handlers
    private let pingInterval: Duration
    private let workerID: String
    private let logger: Logger
    let health: Mutex<ListenerHealth>

    init(
        client: PostgresClient, workerID: UUID, health: ListenerHealth, pingInterval: Duration, handlers: Handlers,
        logger: Logger
    ) {
        self.client = client
        self.workerID = workerID.uuidString
        self.health = Mutex(health)
        self.pingInterval = pingInterval
        self.handlers = handlers
        self.logger = logger
    }

    var pollInterval: Duration { health.withLock { $0.pollInterval } }

    private struct ListenerEnded: Error {}
    private struct PingTimedOut: Error {}

    /// Runs until cancelled.
    func run() async {
        while !Task.isCancelled {
            do {
                let leased = LeasedConnection()
                // A session whose connection was killed under it can wait on the dead socket without noticing
                // cancellation; the worker must still shut down, so a cancelled session is abandoned at once,
                // and its connection closed: its LISTEN (and the pool's lease) end now instead of whenever
                // the driver notices, so the pool can shut down.
                let closeConnection: @Sendable () -> Void = {
                    if let connection = leased.value.withLock({ $0 }) { Task { try? await connection.close() } }
                }
                try await Abandonable.run(grace: .zero, onAbandon: closeConnection) {
                    try await self.session(leased: leased)
                }
            } catch let error as PSQLError where error.code == .clientClosedConnection {
                // The pool is shutting down under us: the process is stopping.
                break
            } catch {
                if Task.isCancelled { break }
                logger.warning(
                    "LISTEN connection lost; polling fast until it is back",
                    metadata: ["error": "\(String(reflecting: error))"])
            }
            if Task.isCancelled { break }
            let backoff = health.withLock { $0.disconnected() }
            handlers.event(.listenerLost)
            try? await Task.sleep(for: backoff)
        }
    }

    /// The connection a LISTEN session holds, visible to the code that may abandon the session.
    final class LeasedConnection: Sendable {
        let value = Mutex<PostgresConnection?>(nil)
    }

    /// One LISTEN session on a pooled connection (published in `leased` so an abandoning caller can close it).
    /// When the session fails (a missed ping, a killed backend), the connection is closed before the
    /// LISTEN closures exit: their UNLISTEN on a half-dead socket could otherwise wait forever.
    private func session(leased: LeasedConnection) async throws {
        try await client.withConnection { connection in
            leased.value.withLock { $0 = connection }
            defer { leased.value.withLock { $0 = nil } }
            try await connection.listen(on: "factwire_jobs") { jobs in
                try await connection.listen(on: "factwire_control") { control in
                    let session = self.health.withLock { health -> Int in
                        health.connected()
                        return health.sessions
                    }
                    self.handlers.event(.listening(session: session))
                    self.handlers.wakeAll()
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for try await notification in jobs { self.handlers.wake(notification.payload) }
                            throw ListenerEnded()
                        }
                        group.addTask {
                            for try await notification in control { self.control(notification.payload) }
                            throw ListenerEnded()
                        }
                        group.addTask { try await self.pingLoop() }
                        defer { group.cancelAll() }
                        do {
                            try await group.next()
                        } catch {
                            try? await connection.close()
                            throw error
                        }
                    }
                }
            }
        }
    }

    private func pingLoop() async throws {
        while !Task.isCancelled {
            try await Task.sleep(for: pingInterval)
            let now = ContinuousClock.now
            if health.withLock({ $0.pingOverdue(now: now) }) { throw PingTimedOut() }
            if let nonce = health.withLock({ $0.pingDue(now: now) }) {
                let payload = ControlMessage.ping(nonce, from: workerID).payload
                try await client.query("SELECT pg_notify('factwire_control', \(payload))", logger: logger)
            }
        }
    }

    private func control(_ payload: String) {
        guard let message = ControlMessage(payload: payload) else { return }
        if let nonce = message.ping {
            // Every process hears every ping: only our own proves our connection.
            if message.from == workerID { health.withLock { $0.pingReceived(nonce) } }
        } else if let id = message.cancel {
            handlers.cancel(id)
        } else if message.leaderResigned != nil {
            handlers.leaderResigned()
        } else if message.resume != nil {
            handlers.wakeAll()
        }
    }
}
