import PostgresNIO

/// Builds a query from the filters a request actually uses, every value bound (never spliced): a
/// `WHERE (x = '' OR …)` catch-all would keep PostgreSQL from using the index that fits the request.
struct SQLBuilder {
    var sql = ""
    var binds = PostgresBindings()
    /// The bound values as text, in order (for tools that run the same statement: `bench api --external`).
    var parameterTexts: [String] = []
    private var conditions: [String] = []

    /// A placeholder for `value`.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        binds.append(value)
        parameterTexts.append(String(describing: value))
        return "$\(binds.count)"
    }

    mutating func condition(_ text: String) { conditions.append(text) }

    var whereClause: String { conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}

/// A statement as the store runs it: its SQL with `$1…` placeholders and the values bound to them as
/// text, so that a benchmark (pgbench) can run exactly the same query.
public struct StatementText: Sendable {
    public var sql: String
    public var parameters: [String]

    public init(sql: String, parameters: [String]) {
        self.sql = sql
        self.parameters = parameters
    }
}
