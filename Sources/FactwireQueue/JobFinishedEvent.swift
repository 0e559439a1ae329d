import Foundation

/// What workers NOTIFY on `factwire_events` when a job finishes (`{"id", "kind", "queue", "state",
/// "result"}`, built by PostgreSQL), as subscribers read it.
public struct JobFinishedEvent: Decodable, Sendable, Equatable {
    public var id: Int64
    public var kind: String?
    public var queue: String?
    /// `completed`, `cancelled`, `discarded` or `dead`.
    public var state: String?

    enum CodingKeys: String, CodingKey {
        case id, kind, queue, state
    }

    /// Reads a payload; nil when it is not such an event.
    public init?(payload: String) {
        guard let event = try? JSONDecoder().decode(Self.self, from: Data(payload.utf8)) else { return nil }
        self = event
    }
}
