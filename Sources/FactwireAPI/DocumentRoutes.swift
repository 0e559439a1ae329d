import FactwireCore
import FactwireExtract
import FactwireIngest
import FactwireQueue
import FactwireStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PostgresNIO

/// `POST /v1/documents`: store a document (or an NDJSON batch) and queue its ingestion.
///
/// 202 `{job_id, document_id}`; 200 `{document_id, duplicate: true}` when the same bytes were stored
/// before. With `?wait=10s` the answer waits (at most 60 s) for the job's `factwire_events`
/// notification and then carries the article and its facts. A body over the limit is refused with 413
/// before anything is stored; a media type the extractor cannot read is 415.
struct DocumentRoutes {
    let client: PostgresClient
    let hub: EventHub
    let maximumBodyBytes: Int
    /// At most this many `?wait` requests at once.
    var maximumWaiters = 1024
    let logger: Logger

    func register(on router: Router<APIContext>) {
        router.post("/v1/documents") { request, context in try await self.submit(request, context: context) }
    }

    func submit(_ request: Request, context: APIContext) async throws -> Response {
        try context.require(.ingest)
        guard let type = request.headers[.contentType].flatMap(ArticleReader.MediaType.init(contentType:)) else {
            throw APIError(
                .unsupportedMediaType, code: "unsupported_media_type",
                message: "Content-Type must be text/plain, text/html, application/json or application/x-ndjson")
        }
        let wait = try Self.waitDuration(request.uri.queryParameters.get("wait"))
        var body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maximumBodyBytes)
        } catch {
            throw APIError(
                .contentTooLarge, code: "too_large",
                message: "the body is larger than \(maximumBodyBytes) bytes; nothing was stored")
        }
        let bytes = body.readBytes(length: body.readableBytes) ?? []
        guard bytes.contains(where: { $0 != 32 && $0 != 10 && $0 != 13 && $0 != 9 }) else {
            throw APIError.badRequest("the body is empty")
        }
        let sourceURL = request.headers[.contentLocation]
        let submissions = DocumentSubmitter.Submission.documents(in: bytes, mediaType: type, sourceURL: sourceURL)
        guard submissions.count <= 10_000 else {
            throw APIError.badRequest("at most 10,000 documents per NDJSON batch")
        }
        // JSON that cannot become an article is refused now, with its reason, rather than stored and failed later.
        if type == .json || type == .ndjson {
            for (index, submission) in submissions.enumerated() {
                do {
                    _ = try JSONArticleReader.read(String(decoding: submission.content, as: UTF8.self))
                } catch let failure as JSONArticleReader.Failure {
                    let which = type == .ndjson ? "document \(index + 1) of the batch: " : ""
                    throw APIError(
                        .badRequest, code: "bad_json", message: "\(which)\(failure.message); nothing was stored")
                }
            }
        }
        // Subscribe before the job exists, so its notification cannot slip by.
        var subscription: EventHub.Subscription?
        if wait != nil {
            subscription = hub.subscribe(.wait, limit: maximumWaiters)
            guard subscription != nil else {
                throw APIError(
                    .serviceUnavailable, code: "too_many_waiters",
                    message:
                        "\(maximumWaiters) requests are waiting for their documents already; retry, or submit without ?wait and follow the job; nothing was stored"
                )
            }
        }
        defer { subscription?.finish() }
        let results = try await DocumentSubmitter(client: client, logger: context.logger).submit(submissions)
        if type == .ndjson {
            let items = results.map { result in
                switch result {
                case .queued(let document, let job):
                    SubmittedDocument(documentID: document, jobID: job, duplicate: false)
                case .duplicate(let document): SubmittedDocument(documentID: document, duplicate: true)
                }
            }
            return JSONResponse.object(SubmittedBatch(documents: items), status: .accepted)
        }
        switch results[0] {
        case .duplicate(let document):
            return JSONResponse.object(SubmittedDocument(documentID: document, duplicate: true), status: .ok)
        case .queued(let document, let job):
            guard let wait, let subscription else {
                return JSONResponse.object(SubmittedDocument(documentID: document, jobID: job), status: .accepted)
            }
            let state = try await Self.waitForJob(
                job, events: subscription.events, within: wait, client: client, logger: context.logger)
            guard let state else {
                return JSONResponse.object(
                    SubmittedDocument(documentID: document, jobID: job, state: "queued"), status: .accepted)
            }
            return JSONResponse.text(
                try await Self.outcome(
                    document: document, job: job, state: state, client: client, logger: context.logger))
        }
    }

    /// "10s", "500ms", "10" (seconds; ``Duration/init(text:)``); at most 60 s.
    static func waitDuration(_ text: String?) throws -> Duration? {
        guard let text, !text.isEmpty else { return nil }
        guard let duration = Duration(text: text), duration <= .seconds(60) else {
            throw APIError.badRequest("'wait' must be a duration up to 60s, such as 10s or 500ms")
        }
        return duration == .zero ? nil : duration
    }

    /// The job's final state once its notification arrives (or a resync, or the timeout's last look at the
    /// table, finds it finished); nil when it is still not finished at the timeout. The caller subscribes
    /// before this reads the state, so an event cannot fall between the two.
    static func waitForJob(
        _ job: Int64, events: EventHub.Events, within limit: Duration, client: PostgresClient, logger: Logger
    ) async throws -> String? {
        let queue = JobQueue(client: client, logger: logger)
        func finalState() async throws -> String? {
            guard let snapshot = try await queue.job(id: job) else { return nil }
            return [.completed, .discarded, .cancelled].contains(snapshot.status) ? snapshot.status.rawValue : nil
        }
        if let state = try await finalState() { return state }
        return try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                for await event in events {
                    switch event {
                    case .resync:
                        if let state = try await finalState() { return state }
                    case .ping:
                        continue
                    case .job(let payload):
                        guard let event = JobFinishedEvent(payload: payload), event.id == job else { continue }
                        return event.state ?? "completed"
                    }
                }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: limit)
                // A last look: the job may have finished without its event reaching this subscriber.
                return try await finalState()
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }

    /// The finished job's document, article and facts as JSON.
    static func outcome(document: Int64, job: Int64, state: String, client: PostgresClient, logger: Logger) async throws
        -> String
    {
        let json = try await DocumentStore(client: client, logger: logger)
            .outcomeJSON(document: document, job: job, state: state)
        if let json { return json }
        throw APIError.notFound("document \(document) disappeared")
    }
}
