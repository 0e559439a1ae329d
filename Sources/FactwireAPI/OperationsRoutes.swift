import FactwireObservability
import FactwireQueue
import FactwireStore
import Foundation
import HTTPTypes
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

    func register(on router: Router<APIContext>) {
        router.get("/healthz") { _, _ in JSONResponse.object(StatusBody(status: "ok")) }
        router.get("/readyz") { _, context in try await self.ready(context) }
        router.get("/metrics") { _, context in try await self.metrics(context) }
        router.get("/v1/queue/stats") { _, context in
            try context.require(.admin)
            return try JSONResponse.encode(try await JobQueue(client: self.primary, logger: context.logger).stats())
        }
        router.get("/v1/queue/limits") { _, context in
            try context.require(.admin)
            return try JSONResponse.encode(try await JobQueue(client: self.primary, logger: context.logger).limits())
        }
        router.get("/v1/queue/periodic") { _, context in
            try context.require(.admin)
            return try JSONResponse.encode(
                try await JobQueue(client: self.primary, logger: context.logger).periodicJobs())
        }
        router.post("/v1/jobs/:id/cancel") { _, context in
            try await self.operate(context) { try await $0.cancel(id: $1) }
        }
        router.post("/v1/jobs/:id/retry") { _, context in try await self.operate(context) { try await $0.retry(id: $1) }
        }
        router.post("/v1/jobs/:id/discard") { _, context in
            try await self.operate(context) { try await $0.discard(id: $1) }
        }
        router.post("/v1/queues/:name/pause") { _, context in try await self.pause(context, paused: true) }
        router.post("/v1/queues/:name/resume") { _, context in try await self.pause(context, paused: false) }
        router.get("/v1/events") { request, context in try await self.events(request, context) }
    }

    func operate(_ context: APIContext, _ action: (JobQueue, Int64) async throws -> JobSnapshot) async throws
        -> Response
    {
        try context.require(.admin)
        let id = try context.pathID()
        do {
            let snapshot = try await action(JobQueue(client: primary, logger: context.logger), id)
            return JSONResponse.object(JobStateBody(id: snapshot.id, state: snapshot.status.rawValue))
        } catch let error as FactwireQueueError {
            switch error.code {
            case .jobNotFound: throw APIError.notFound(error.message)
            case .invalidState: throw APIError(.conflict, code: "conflict", message: error.message)
            default: throw APIError.badRequest(error.message)
            }
        }
    }

    /// Pauses or resumes a queue everywhere (workers stop or start claiming from it; running jobs finish).
    func pause(_ context: APIContext, paused: Bool) async throws -> Response {
        try context.require(.admin)
        guard let name = context.parameters.get("name"), (1...128).contains(name.utf8.count) else {
            throw APIError.badRequest("'name' must be a queue name of 1 to 128 bytes")
        }
        let queue = JobQueue(client: primary, logger: context.logger)
        if paused { try await queue.pause(queue: name) } else { try await queue.resume(queue: name) }
        return JSONResponse.object(QueuePauseBody(queue: name, paused: paused))
    }

    /// Ready when the database answers and its schema is the one this binary expects.
    func ready(_ context: APIContext) async throws -> Response {
        do {
            let status = try await Migrator(logger: context.logger).status(client: primary)
            let pending = status.filter { $0.appliedAt == nil || !$0.checksumMatches }
            guard pending.isEmpty else {
                return JSONResponse.object(
                    StatusBody(
                        status: "not ready",
                        reason: "schema not current: \(pending.map(\.name).joined(separator: ", "))"),
                    status: .serviceUnavailable)
            }
            return JSONResponse.object(StatusBody(status: "ready"))
        } catch {
            return JSONResponse.object(
                StatusBody(status: "not ready", reason: "database unreachable"), status: .serviceUnavailable)
        }
    }

    /// Prometheus metrics (swift-prometheus): queue depth per queue (from `queue_depth`), requests
    /// answered, live event subscribers.
    func metrics(_ context: APIContext) async throws -> Response {
        FactwireMetrics.gauge("factwire_http_requests").set(Double(requests.value.load(ordering: .relaxed)))
        FactwireMetrics.gauge("factwire_event_subscribers").set(Double(hub.subscriberCount))
        let rows = try await primary.query(
            "SELECT queue, available, running, waiting, oldest_available_seconds FROM factwire.queue_depth",
            logger: context.logger)
        for try await (queue, available, running, waiting, age) in rows.decode(
            (String, Int64, Int64, Int64, Double).self)
        {
            for (state, count) in [("available", available), ("running", running), ("waiting", waiting)] {
                FactwireMetrics.gauge("factwire_queue_jobs", labels: [("queue", queue), ("state", state)])
                    .set(Double(count))
            }
            FactwireMetrics.gauge("factwire_queue_oldest_available_seconds", labels: [("queue", queue)]).set(age)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
            body: .init(byteBuffer: ByteBuffer(bytes: FactwireMetrics.exposition())))
    }

    /// Server-Sent Events: one `job` event per finished job (`id:` is the job id; data: id, kind, queue,
    /// state, result), from LISTEN. A client that reconnects with `Last-Event-ID` first gets the jobs
    /// finished since that one (from `job_history` and `dead_jobs`, from 5 s before it on, so events
    /// committed out of timestamp order are not lost — an id may come twice); an unknown id gets
    /// `resync`. After the server's own LISTEN session reconnects, `resync` says some may be missing.
    /// A `: ping` comment every 15 s lets both sides notice dead connections.
    func events(_ request: Request, _ context: APIContext) async throws -> Response {
        try context.require(.read)
        var lastID: Int64?
        if let header = request.headers[HTTPField.Name("Last-Event-ID")!] {
            guard let id = Int64(header.trimmingCharacters(in: .whitespaces)), id > 0 else {
                throw APIError.badRequest("Last-Event-ID must be a job id")
            }
            lastID = id
        }
        // Subscribe before reading the backlog, so nothing falls between the two.
        guard let subscription = hub.subscribe(.stream, limit: maximumEventClients) else {
            throw APIError(
                .serviceUnavailable, code: "too_many_subscribers",
                message: "the event stream has \(maximumEventClients) clients already; try again later")
        }
        var backlog: [(Int64, String)] = []
        var known = true
        if let lastID {
            let finished = try await JobQueue(client: primary, logger: context.logger)
                .finishedJobs(after: lastID, limit: 10_000)
            backlog = finished.events.map { ($0.id, $0.payload) }
            known = finished.anchorKnown
        }
        let replay = backlog
        let anchorKnown = known
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: ": connected\n\n"))
                if !anchorKnown { try await writer.write(ByteBuffer(string: "event: resync\ndata: {}\n\n")) }
                for (id, payload) in replay {
                    try await writer.write(ByteBuffer(string: "id: \(id)\nevent: job\ndata: \(payload)\n\n"))
                }
                let replayed = Set(replay.map(\.0))
                // A ping every 15 s through the same stream as the events (one writer), from a child task
                // that ends with the stream.
                try await withThrowingTaskGroup(of: Void.self) { pings in
                    pings.addTask {
                        while true {
                            try await Task.sleep(for: .seconds(15))
                            subscription.ping()
                        }
                    }
                    defer { pings.cancelAll() }
                    try await withGracefulShutdownHandler {
                        for await event in subscription.events {
                            switch event {
                            case .resync:
                                try await writer.write(ByteBuffer(string: "event: resync\ndata: {}\n\n"))
                            case .ping:
                                try await writer.write(ByteBuffer(string: ": ping\n\n"))
                            case .job(let payload):
                                let id = Self.jobID(payload)
                                if let id, replayed.contains(id) { continue }
                                try await writer.write(
                                    ByteBuffer(
                                        string: "id: \(id.map(String.init) ?? "")\nevent: job\ndata: \(payload)\n\n")
                                )
                            }
                        }
                    } onGracefulShutdown: {
                        subscription.finish()
                    }
                }
                try await writer.finish(nil)
            }
        )
    }

    static func jobID(_ payload: String) -> Int64? {
        JobFinishedEvent(payload: payload)?.id
    }
}
