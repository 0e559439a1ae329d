import PostgresNIO

/// A database error that no retry can fix: the data itself is refused (SQLSTATE class 22, data
/// exception, such as an impossible date or a number out of range; class 23, integrity constraint
/// violation). Connection losses, serialization failures, lock timeouts and shutdowns are not: they may
/// pass, so the job is retried for them.
public struct DatabaseRefusal: Error, CustomStringConvertible, Sendable {
    /// The SQLSTATE, such as `22008` (datetime field overflow).
    public var sqlState: String
    /// One line for `documents.last_error`: the server's message and its SQLSTATE.
    public var message: String
    public var description: String { message }

    /// The refusal inside `error` (also when a transaction wraps it), or nil for any other error.
    public init?(_ error: any Error) {
        let inner: any Error
        if let transaction = error as? PostgresTransactionError {
            inner = transaction.closureError ?? transaction.commitError ?? transaction
        } else {
            inner = error
        }
        guard let database = inner as? PSQLError, let state = database.serverInfo?[.sqlState],
            state.hasPrefix("22") || state.hasPrefix("23")
        else { return nil }
        sqlState = state
        let detail = database.serverInfo?[.detail].map { " (\($0))" } ?? ""
        message =
            "the database refused the extraction: \(database.serverInfo?[.message] ?? "data error")\(detail) [SQLSTATE \(state)]"
    }
}
