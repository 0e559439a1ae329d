import FactwireCore
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
/// broadcasts ``Event/resync``: subscribers then look at the table instead of waiting forever. A
/// subscriber that falls behind by more than its buffer (one completion batch can finish 2,000 jobs)
/// loses the oldest events; its stream then delivers a ``Event/resync`` next, so it knows to re-read.
public final class EventHub: Service, Sendable {
    public enum Event: Sendable, Equatable {
        case resync
        /// Keep-alive for one subscriber (SSE comment), injected by ``Subscription/ping()``.
        case ping
        /// The JSON payload of a finished job: `{"id","kind","queue","state","result"}`.
        case job(String)
    }

    /// Where to LISTEN; nil behind PgBouncer in transaction mode without a direct URL: then a
    /// ``Event/resync`` every ``pollInterval`` makes subscribers look at the tables instead.
    let client: PostgresClient?
    let pollInterval: Duration
    let logger: Logger
    private let subscribers = Mutex<
        [UInt64: (continuation: AsyncStream<Event>.Continuation, lost: LostEvents, kind: SubscriberKind)]
    >([:])

    /// Who subscribes: an SSE client (`GET /v1/events`) or a `?wait` request. Each kind has its own cap,
    /// so requests waiting for their documents cannot crowd out the event streams, or the reverse.
    public enum SubscriberKind: Sendable {
        case stream, wait
    }
    /// Events each subscriber buffers before the oldest are dropped.
    let bufferSize: Int
    private let nextID = Atomic<UInt64>(0)
    private let listening = Atomic<Bool>(false)

    /// Whether the LISTEN session is up now (the dashboard shows it).
    public var isListening: Bool { listening.load(ordering: .relaxed) }

    /// The bearer tokens cached by this process, forgotten when a revocation is announced.
    let tokens: TokenCache?

    public init(
        client: PostgresClient?, logger: Logger, bufferSize: Int = 1024, tokens: TokenCache? = nil,
        pollInterval: Duration = .seconds(1)
    ) {
        self.client = client
        self.pollInterval = pollInterval
        self.logger = logger
        self.bufferSize = bufferSize
        self.tokens = tokens
    }

    /// Set when a subscriber's buffer dropped an event, until its stream has delivered a resync.
    final class LostEvents: Sendable {
        private let flag = Atomic<Bool>(false)
        func mark() { flag.store(true, ordering: .relaxed) }
        func take() -> Bool { flag.exchange(false, ordering: .relaxed) }
    }

    /// A subscriber's events: ``Event/resync`` comes first after any were dropped.
    public struct Events: AsyncSequence, Sendable {
        public typealias Element = Event
        let base: AsyncStream<Event>
        let lost: LostEvents

        public struct AsyncIterator: AsyncIteratorProtocol {
            var base: AsyncStream<Event>.AsyncIterator
            let lost: LostEvents
            var held: Event?
            public mutating func next() async -> Event? {
                if let event = held {
                    held = nil
                    return event
                }
                guard let event = await base.next() else { return nil }
                guard lost.take() else { return event }
                held = event
                return .resync
            }
        }

        public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), lost: lost) }
    }

    /// A subscriber's events, a keep-alive injector and the function that ends it.
    public struct Subscription: Sendable {
        public let events: Events
        let continuation: AsyncStream<Event>.Continuation
        public let finish: @Sendable () -> Void
        /// Puts a ``Event/ping`` into this subscriber's stream.
        public func ping() { continuation.yield(.ping) }
    }

    /// A stream of events from now on; nil when `limit` subscribers of this kind are there already (the
    /// count and the insertion are one step, so concurrent requests cannot pass the cap together).
    public func subscribe(_ kind: SubscriberKind = .stream, limit: Int = .max) -> Subscription? {
        let id = nextID.add(1, ordering: .relaxed).newValue
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(bufferSize))
        let lost = LostEvents()
        let admitted = subscribers.withLock { subscribers -> Bool in
            guard subscribers.values.lazy.filter({ $0.kind == kind }).count < limit else { return false }
            subscribers[id] = (continuation, lost, kind)
            return true
        }
        guard admitted else {
            continuation.finish()
            return nil
        }
        let finish: @Sendable () -> Void = { [weak self] in
            let removed = self?.subscribers.withLock { $0.removeValue(forKey: id) }
            removed?.continuation.finish()
        }
        continuation.onTermination = { _ in finish() }
        return Subscription(events: Events(base: stream, lost: lost), continuation: continuation, finish: finish)
    }

    /// How many clients are subscribed (the SSE cap reads it).
    public var subscriberCount: Int { subscribers.withLock { $0.count } }

    func broadcast(_ event: Event) {
        for subscriber in subscribers.withLock({ Array($0.values) }) {
            if case .dropped = subscriber.continuation.yield(event) { subscriber.lost.mark() }
        }
    }

    public func run() async throws {
        guard let client else {
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.pollInterval) }
                broadcast(.resync)
            }
            finishAll()
            return
        }
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
                                // Tokens are cached only while revocations can be heard.
                                self.tokens?.setListening(true)
                                defer { self.tokens?.setListening(false) }
                                self.broadcast(.resync)
                                for try await notification in notifications {
                                    if notification.payload == TokenCache.revokedPayload {
                                        self.tokens?.removeAll()
                                        continue
                                    }
                                    self.broadcast(.job(notification.payload))
                                }
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
        finishAll()
    }

    private func finishAll() {
        for subscriber in subscribers.withLock({ dict in
            defer { dict.removeAll() }
            return Array(dict.values)
        }) { subscriber.continuation.finish() }
    }
}
