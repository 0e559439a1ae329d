public import Logging
import NIOPosix
import PostgresNIO

extension DatabaseConfiguration {
    /// Creates this configuration's database, connecting to `maintenanceDatabase` to do so, unless it
    /// exists. Used for the embedded cluster (which starts with only `postgres`) and for test databases.
    ///
    /// Two processes racing to create the same database are fine: the loser's `duplicate_database` (or,
    /// when both CREATEs overlap, `unique_violation`) error means the database is there.
    public func createDatabaseIfMissing(maintenanceDatabase: String = "postgres", logger: Logger) async throws {
        var maintenance = self
        maintenance.database = maintenanceDatabase
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .error)
        let client = PostgresClient(
            configuration: try maintenance.clientConfiguration(maximumConnections: 1), backgroundLogger: quiet)
        let name = database
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let rows = try await client.query("SELECT 1 FROM pg_database WHERE datname = \(name)", logger: logger)
            var exists = false
            for try await _ in rows { exists = true }
            guard !exists else { return }
            do {
                try await client.query(
                    PostgresQuery(unsafeSQL: "CREATE DATABASE \(Self.quoteIdentifier(name))"), logger: logger)
                logger.info("created database", metadata: ["database": "\(name)"])
            } catch let error as PSQLError where ["42P04", "23505"].contains(error.serverInfo?[.sqlState] ?? "") {
                // Another process created it first: duplicate_database when its CREATE had committed,
                // unique_violation on pg_database's name index when both ran at the same moment.
            }
        }
    }

    /// Quotes an identifier for SQL (`"` doubled), for the few statements that cannot take binds.
    public static func quoteIdentifier(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
