extension DatabaseConfiguration {
    /// The read replica `DATABASE_READ_URL` names, or nil when it is unset or empty.
    ///
    /// Parsed with the same environment as the primary, so `PGSSLMODE` and `PGSSLROOTCERT` apply to reads
    /// too: a deployment that verifies its primary must not read from a replica in clear.
    public static func readReplica(environment: [String: String]) throws -> DatabaseConfiguration? {
        guard let url = environment["DATABASE_READ_URL"], !url.isEmpty else { return nil }
        return try DatabaseConfiguration(url: url, environment: environment)
    }
}
