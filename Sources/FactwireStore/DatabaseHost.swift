/// One server of a `DATABASE_URL`: several hosts (`postgres://u@h1:5432,h2:5433/db`) name the members of a
/// replicated cluster, tried in turn as libpq does.
public struct DatabaseHost: Sendable, Hashable, CustomStringConvertible {
    /// Host name or address.
    public var host: String
    /// TCP port.
    public var port: Int

    /// Creates a host.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port`, with an IPv6 address in brackets.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// Which server of several a connection must reach: libpq's `target_session_attrs`.
public enum TargetSessionAttributes: String, Sendable, CaseIterable {
    /// The first server that answers.
    case any
    /// A server that accepts writes (`transaction_read_only` is off): the primary.
    case readWrite = "read-write"
    /// A server that refuses writes.
    case readOnly = "read-only"
    /// A server not in recovery.
    case primary
    /// A server in recovery: a standby.
    case standby
    /// A standby if one answers, else any server.
    case preferStandby = "prefer-standby"

    /// Whether a server in this state is acceptable. `prefer-standby` accepts any server here; the
    /// preference for standbys is the caller's first pass.
    public func accepts(inRecovery: Bool, readOnly: Bool) -> Bool {
        switch self {
        case .any, .preferStandby: true
        case .readWrite: !readOnly
        case .readOnly: readOnly
        case .primary: !inRecovery
        case .standby: inRecovery
        }
    }
}
