public import FactwireCore
public import Foundation

extension JobSnapshot {
    /// A job as the API and the CLI print it: snake_case names, `state`, and its arguments, errors and
    /// result as JSON values (not JSON texts inside strings).
    public struct Document: Codable, Sendable {
        public var id: Int64
        public var queue: String
        public var kind: String
        public var state: String
        public var priority: Int16
        public var attempt: Int32
        public var maxAttempts: Int32
        public var args: JSONValue?
        public var errors: JSONValue?
        public var result: JSONValue?
        public var createdAt: Date
        public var runAt: Date?
        public var attemptedAt: Date?
        public var finalizedAt: Date?

        enum CodingKeys: String, CodingKey {
            case id, queue, kind, state, priority, attempt, args, errors, result
            case maxAttempts = "max_attempts"
            case createdAt = "created_at"
            case runAt = "run_at"
            case attemptedAt = "attempted_at"
            case finalizedAt = "finalized_at"
        }
    }

    public var document: Document {
        let errors = JSONValue(text: errorsJSON)
        return Document(
            id: id, queue: queue, kind: kind, state: status.rawValue, priority: priority, attempt: attempt,
            maxAttempts: maxAttempts,
            args: JSONValue(text: argumentsJSON), errors: errors == .array([]) ? nil : errors,
            result: resultJSON.flatMap(JSONValue.init(text:)),
            createdAt: createdAt, runAt: runAt, attemptedAt: attemptedAt, finalizedAt: finalizedAt
        )
    }

    /// ``document`` as one line of JSON (sorted keys, ISO 8601 dates).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}
