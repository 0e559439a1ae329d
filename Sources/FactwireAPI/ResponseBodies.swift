// The small JSON bodies the API answers with, typed: one place for their field names.
import FactwireStore

/// A submitted document: its id, and its job unless it was already stored.
struct SubmittedDocument: Encodable {
    var documentID: Int64
    var jobID: Int64?
    var duplicate: Bool?
    /// Said when `?wait` ran out before the job finished.
    var state: String?

    enum CodingKeys: String, CodingKey {
        case duplicate, state
        case documentID = "document_id"
        case jobID = "job_id"
    }
}

/// The documents of an NDJSON submission, in line order.
struct SubmittedBatch: Encodable {
    var documents: [SubmittedDocument]
}

/// A job after an operator's action on it.
struct JobStateBody: Encodable {
    var id: Int64
    var state: String
}

/// A queue after pause or resume.
struct QueuePauseBody: Encodable {
    var queue: String
    var paused: Bool
}

/// Health and readiness: `ok`, `ready` or `not ready` with the reason.
struct StatusBody: Encodable {
    var status: String
    var reason: String?
}

/// `{"error": {"code", "message"}}`.
struct ErrorBody: Encodable {
    struct Detail: Encodable {
        var code: String
        var message: String
    }

    var error: Detail
}

/// `GET /v1/figures`.
struct FiguresBody: Encodable {
    var figures: [FigureStore.Record]
}
