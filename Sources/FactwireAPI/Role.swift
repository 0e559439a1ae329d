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

extension Role {
    /// Why a `CN=ROLE` mapping was refused; the message quotes it.
    public struct InvalidMapping: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// `CN=ROLE` mappings (`--role`) as a table from certificate common name to role.
    public static func mappings(_ texts: [String]) throws(InvalidMapping) -> [String: Role] {
        var roles: [String: Role] = [:]
        for text in texts {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let role = Role(rawValue: parts[1]) else {
                throw InvalidMapping(
                    description:
                        "expected CN=ROLE with ROLE one of \(allCases.map(\.rawValue).joined(separator: ", ")); got '\(text)'"
                )
            }
            roles[parts[0]] = role
        }
        return roles
    }
}
