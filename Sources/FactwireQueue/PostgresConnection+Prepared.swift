import FactwireCore
public import Logging
public import PostgresNIO

extension PostgresConnection {
    /// Runs `statement` as a named prepared statement, or as unnamed SQL when ``PreparedStatementPolicy`` says
    /// named ones are off; collects its rows.
    ///
    /// A named statement that fails because the server connection never prepared it (PgBouncer in
    /// transaction mode) turns them off for the process and runs again unnamed: the failed call changed
    /// nothing, since the server refused it before executing.
    public func rows<Statement: PostgresPreparedStatement>(_ statement: Statement, logger: Logger) async throws
        -> [Statement.Row]
    {
        if PreparedStatementPolicy.enabled {
            do {
                var rows: [Statement.Row] = []
                for try await row in try await execute(statement, logger: logger) { rows.append(row) }
                return rows
            } catch let error as PSQLError
                where PreparedStatementPolicy.isPoolerMismatch(sqlState: error.serverInfo?[.sqlState])
            {
                if PreparedStatementPolicy.disable() {
                    logger.warning(
                        "named prepared statements fail on this connection (a pooler in transaction mode?); using unnamed ones from now on",
                        metadata: ["statement": "\(Statement.name)"])
                }
            }
        }
        var rows: [Statement.Row] = []
        let query = PostgresQuery(unsafeSQL: Statement.sql, binds: try statement.makeBindings())
        for try await row in try await self.query(query, logger: logger) { rows.append(try statement.decodeRow(row)) }
        return rows
    }
}
