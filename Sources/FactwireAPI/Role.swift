/// What a client may do. A client certificate's subject (or an API token) maps to one role.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// Submit documents and follow their jobs.
    case ingest
    /// Query articles, facts, companies, jobs and events.
    case read
    /// Everything, including queue operations (cancel, retry, stats).
    case admin

    /// Whether this role may do what `required` may do.
    public func allows(_ required: Role) -> Bool {
        self == .admin || self == required
    }
}
