import FactwireQueue
import Foundation
public import Logging
public import PostgresNIO
public import ServiceLifecycle
import Synchronization

/// One LISTEN connection per process on `factwire_events` (finished jobs), fanned out to subscribers:
/// `POST /v1/documents?wait=…` and `GET /v1/events`.
///
/// A notification sent while the connection was down is lost, so every new LISTEN session first
/// broadcasts ``Event/resync``: subscribers then look at the table instead of waiting forever.
public final class EventHub: Service, Sendable {
    public enum Event: Sendable, Equatable {
        case resync
        /// Keep-alive for one subscriber (SSE comment), injected by ``Subscription/ping()``.
        case ping
        /// The JSON payload of a finished job: `{"id","kind","queue","state","result"}`.
        case job(String)
    }

    let client: PostgresClient
    let logger: Logger
    private let subscribers = Mutex<[UInt64: AsyncStream<Event>.Continuation]>([:])
    private let nextID = Atomic<UInt64>(0)
    private let listening = Atomic<Bool>(false)

    /// Whether the LISTEN session is up now (the dashboard shows it).
    public var isListening: Bool { listening.load(ordering: .relaxed) }

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// A subscriber's events, a keep-alive injector and the function that ends it.
    public struct Subscription: Sendable {
        public let events: AsyncStream<Event>
        let continuation: AsyncStream<Event>.Continuation
        public let finish: @Sendable () -> Void
        /// Puts a ``Event/ping`` into this subscriber's stream.
        public func ping() { continuation.yield(.ping) }
    }

    /// A stream of events from now on.
    public func subscribe() -> Subscription {
        let id = nextID.add(1, ordering: .relaxed).newValue
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(1024))
        subscribers.withLock { $0[id] = continuation }
        let finish: @Sendable () -> Void = { [weak self] in
            let removed = self?.subscribers.withLock { $0.removeValue(forKey: id) }
            removed?.finish()
        }
        continuation.onTermination = { _ in finish() }
        return Subscription(events: stream, continuation: continuation, finish: finish)
    }

    /// How many clients are subscribed (the SSE cap reads it).
    public var subscriberCount: Int { subscribers.withLock { $0.count } }

    func broadcast(_ event: Event) {
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.yield(event) }
    }

    public func run() async throws {
        var backoff: Duration = .milliseconds(100)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { [self] in
                    // A LISTEN on a connection that died in a database crash can ignore cancellation; it
                    // must not keep the query worker from shutting down.
                    try await Abandonable.run(grace: .seconds(1)) { [self] in
                        try await client.withConnection { connection in
                            try await connection.listen(on: "factwire_events") { notifications in
                                self.listening.store(true, ordering: .relaxed)
                                defer { self.listening.store(false, ordering: .relaxed) }
                                self.broadcast(.resync)
                                for try await notification in notifications { self.broadcast(.job(notification.payload)) }
                            }
                        }
                    }
                }
                backoff = .milliseconds(100)
            } catch {
                listening.store(false, ordering: .relaxed)
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                logger.warning("events LISTEN connection failed; reconnecting", metadata: ["error": "\(error)"])
            }
            if Task.isCancelled || Task.isShuttingDownGracefully { break }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(5))
        }
        for continuation in subscribers.withLock({ dict in defer { dict.removeAll() }; return Array(dict.values) }) { continuation.finish() }
    }
}
