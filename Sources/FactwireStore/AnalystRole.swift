public import Logging
public import PostgresNIO

/// `factwire_analyst`, the read-only role of migration 0008: what a BI tool or a psql session of an
/// analyst logs in with (SELECT on articles, facts, companies and their views; nothing on documents or
/// the queue).
public struct AnalystRole: Sendable {
    public static let name = "factwire_analyst"

    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Grants the analyst role to the login role `role`. The name is quoted by the server
    /// (`quote_ident`), so any text is safe to pass.
    public func grant(to role: String) async throws(AnalystRoleError) {
        do {
            var exists = false
            var analyst = false
            var quoted = ""
            let rows = try await client.query(
                """
                SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = \(role)),
                       EXISTS (SELECT 1 FROM pg_roles WHERE rolname = \(Self.name)), quote_ident(\(role))
                """, logger: logger)
            for try await (roleExists, analystExists, quotedName) in rows.decode((Bool, Bool, String).self) {
                (exists, analyst, quoted) = (roleExists, analystExists, quotedName)
            }
            guard analyst else {
                throw AnalystRoleError(
                    "the role \(Self.name) does not exist: the migrating user may not create roles; "
                        + "a superuser can run CREATE ROLE \(Self.name) NOLOGIN, then run this again")
            }
            guard exists else { throw AnalystRoleError("no role named '\(role)' exists (CREATE ROLE … LOGIN first)") }
            // The role may have been created by hand after the migration ran: its reads are granted here too.
            try await client.query("SELECT factwire.grant_analyst_reads()", logger: logger)
            try await client.query(PostgresQuery(unsafeSQL: "GRANT \(Self.name) TO \(quoted)"), logger: logger)
        } catch let error as AnalystRoleError {
            throw error
        } catch let error as PSQLError {
            throw AnalystRoleError(
                "could not grant \(Self.name) to '\(role)': \(error.serverInfo?[.message] ?? "\(error.code)")")
        } catch {
            throw AnalystRoleError("could not grant \(Self.name) to '\(role)': \(error)")
        }
    }
}

/// Why the analyst role could not be granted; the message says what to do.
public struct AnalystRoleError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
