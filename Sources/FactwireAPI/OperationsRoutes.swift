import FactwireQueue
import FactwireStore
import Foundation
import Hummingbird
import Logging
import PostgresNIO
import Prometheus
import ServiceLifecycle
import Synchronization

/// Queue operations (admin), health, readiness, metrics and the live event stream.
struct OperationsRoutes {
    let primary: PostgresClient
    let hub: EventHub
    let maximumEventClients: Int
    let requests: RequestCounter
    let registry = PrometheusCollectorRegistry()

    func register(on router: Router<APIContext>) {
        router.get("/healthz") { _, _ in JSONResponse.object(["status": "ok"]) }
        router.get("/readyz") { _, context in try await self.ready(context) }
        router.get("/metrics") { _, context in try await self.metrics(context) }
        router.get("/v1/queue/stats") { _, context in
            try context.require(.admin)
            return try JSONResponse.encode(try await JobQueue(client: self.primary, logger: context.logger).stats())
        }
        router.post("/v1/jobs/:id/cancel") { _, context in try await self.operate(context) { try await $0.cancel(id: $1) } }
        router.post("/v1/jobs/:id/retry") { _, context in try await self.operate(context) { try await $0.retry(id: $1) } }
        router.get("/v1/events") { _, context in try self.events(context) }
    }

    func operate(_ context: APIContext, _ action: (JobQueue, Int64) async throws -> JobSnapshot) async throws -> Response {
        try context.require(.admin)
        let id = try context.pathID()
        do {
            let snapshot = try await action(JobQueue(client: primary, logger: context.logger), id)
            return JSONResponse.object(["id": snapshot.id, "state": snapshot.status.rawValue])
        } catch let error as FactwireQueueError {
            switch error.code {
            case .jobNotFound: throw APIError.notFound(error.message)
            case .invalidState: throw APIError(.conflict, code: "conflict", message: error.message)
            default: throw APIError.badRequest(error.message)
            }
        }
    }

    /// Ready when the database answers and its schema is the one this binary expects.
    func ready(_ context: APIContext) async throws -> Response {
        do {
            let status = try await Migrator(logger: context.logger).status(client: primary)
            let pending = status.filter { $0.appliedAt == nil || !$0.checksumMatches }
            guard pending.isEmpty else {
                return JSONResponse.object(["status": "not ready", "reason": "schema not current: \(pending.map(\.name).joined(separator: ", "))"], status: .serviceUnavailable)
            }
            return JSONResponse.object(["status": "ready"])
        } catch {
            return JSONResponse.object(["status": "not ready", "reason": "database unreachable"], status: .serviceUnavailable)
        }
    }

    /// Prometheus metrics (swift-prometheus): queue depth per queue (from `queue_depth`), requests
    /// answered, live event subscribers.
    func metrics(_ context: APIContext) async throws -> Response {
        registry.makeGauge(name: "factwire_http_requests", labels: [], help: "Requests this query worker has answered.")
            .set(Double(requests.value.load(ordering: .relaxed)))
        registry.makeGauge(name: "factwire_event_subscribers", labels: [], help: "Live SSE and wait subscribers.").set(Double(hub.subscriberCount))
        let rows = try await primary.query("SELECT queue, available, running, waiting, oldest_available_seconds FROM factwire.queue_depth", logger: context.logger)
        for try await (queue, available, running, waiting, age) in rows.decode((String, Int64, Int64, Int64, Double).self) {
            for (state, count) in [("available", available), ("running", running), ("waiting", waiting)] {
                registry.makeGauge(name: "factwire_queue_jobs", labels: [("queue", queue), ("state", state)], help: "Jobs per queue and state.")
                    .set(Double(count))
            }
            registry.makeGauge(name: "factwire_queue_oldest_available_seconds", labels: [("queue", queue)], help: "Age of the oldest ready job.")
                .set(age)
        }
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                        body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }

    /// Server-Sent Events: one `job` event per finished job (id, kind, state, result), from LISTEN.
    /// After a reconnect of the server's LISTEN session a `resync` event says some may have been missed.
    func events(_ context: APIContext) throws -> Response {
        try context.require(.read)
        guard hub.subscriberCount < maximumEventClients else {
            throw APIError(.serviceUnavailable, code: "too_many_subscribers", message: "the event stream has \(maximumEventClients) clients already; try again later")
        }
        let subscription = hub.subscribe()
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: ": connected\n\n"))
                try await withGracefulShutdownHandler {
                    for await event in subscription.events {
                        switch event {
                        case .resync:
                            try await writer.write(ByteBuffer(string: "event: resync\ndata: {}\n\n"))
                        case .job(let payload):
                            let id = (try? JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])?["id"].map { "\($0)" } ?? ""
                            try await writer.write(ByteBuffer(string: "id: \(id)\nevent: job\ndata: \(payload)\n\n"))
                        }
                    }
                } onGracefulShutdown: {
                    subscription.finish()
                }
                try await writer.finish(nil)
            }
        )
    }
}
