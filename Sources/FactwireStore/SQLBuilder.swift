import PostgresNIO

/// Builds a query from the filters a request actually uses, every value bound (never spliced): a
/// `WHERE (x = '' OR …)` catch-all would keep PostgreSQL from using the index that fits the request.
struct SQLBuilder {
    var sql = ""
    var binds = PostgresBindings()
    private var conditions: [String] = []

    /// A placeholder for `value`.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    mutating func condition(_ text: String) { conditions.append(text) }

    var whereClause: String { conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}
