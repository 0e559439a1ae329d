import FactwireCore
import Foundation
import NIOCore
import PostgresNIO

/// The busiest read statements, prepared once per pooled connection instead of parsed and planned on
/// every request: a facts page by company (the API's and the dashboard's common question) and an
/// article with its facts. Their SQL is the one the general builders produce for the same filter, so
/// the answers cannot differ.
///
/// Named prepared statements live on a server connection; PgBouncer before 1.21 in transaction mode
/// hands each transaction to any server connection, where the statement does not exist. Behind such a
/// pooler they are off (``PreparedStatementPolicy``): the same SQL then goes unprepared.
enum PreparedReads {
    /// False when ``PreparedStatementPolicy`` says named statements are off (a pooler, or
    /// `DATABASE_PREPARED_STATEMENTS=off`): one switch for these reads and the queue's statements alike.
    static var enabled: Bool { PreparedStatementPolicy.enabled }

    /// `GET /v1/facts?company=…&limit=…`: a company's newest facts, as the API's JSON page.
    struct FactsByCompany: PostgresPreparedStatement {
        typealias Row = ByteBuffer?
        static let sql = FactStore.pageStatement(shape(before: false)).sql
        var companyKey: String
        var limit: Int32

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 2)
            bindings.append(companyKey)
            bindings.append(limit)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> ByteBuffer? { try row.decode(ByteBuffer?.self) }
    }

    /// The same, for the next pages (`after=`).
    struct FactsByCompanyAfter: PostgresPreparedStatement {
        typealias Row = ByteBuffer?
        static let sql = FactStore.pageStatement(shape(before: true)).sql
        var companyKey: String
        var before: Int64
        var limit: Int32

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 3)
            bindings.append(companyKey)
            bindings.append(before)
            bindings.append(limit)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> ByteBuffer? { try row.decode(ByteBuffer?.self) }
    }

    /// `GET /v1/articles/{id}`.
    struct ArticleByID: PostgresPreparedStatement {
        typealias Row = ByteBuffer?
        static let sql = ArticleStore.articleJSONSQL
        var id: Int64

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(id)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> ByteBuffer? { try row.decode(ByteBuffer?.self) }
    }

    /// The filter shape the facts statements are written for (the values are placeholders).
    static func shape(before: Bool) -> FactFilter {
        var filter = FactFilter(limit: 20)
        filter.companyName = "company"
        if before { filter.before = 1 }
        return filter
    }

    /// Whether `filter` has exactly the shape of the prepared facts statements.
    static func isCompanyPage(_ filter: FactFilter) -> Bool {
        filter.companyName != nil && filter.companyIDs == nil && filter.metric == nil && filter.status == nil
            && filter.period == nil && filter.publishedFrom == nil && filter.publishedTo == nil
            && filter.datedSince == nil && filter.articleIDs == nil && filter.order == .newest
    }
}

extension PostgresClient {
    /// The JSON text of the first row of a prepared statement that returns one `json` or `text` column.
    /// A statement a pooler's server connection never prepared turns named statements off and runs unnamed.
    func json<Statement: PostgresPreparedStatement>(_ statement: Statement, logger: Logger) async throws -> ByteBuffer?
    where Statement.Row == ByteBuffer? {
        do {
            for try await json in try await execute(statement, logger: logger) { return json }
            return nil
        } catch let error as PSQLError
            where PreparedStatementPolicy.isPoolerMismatch(sqlState: error.serverInfo?[.sqlState])
        {
            PreparedStatementPolicy.disable()
            let query = PostgresQuery(unsafeSQL: Statement.sql, binds: try statement.makeBindings())
            for try await row in try await self.query(query, logger: logger) { return try statement.decodeRow(row) }
            return nil
        }
    }
}
