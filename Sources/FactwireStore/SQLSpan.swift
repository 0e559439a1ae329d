import Tracing

/// A client span around one call to PostgreSQL, named and tagged as OpenTelemetry's database
/// conventions ask ("SELECT factwire.documents"; `db.system.name`, `db.operation.name`,
/// `db.collection.name`). PostgresNIO opens no spans of its own, so the domain's stores mark their
/// calls with this; without a bootstrapped tracer it costs a no-op span.
public enum SQLSpan {
    public static func run<T>(
        _ operation: String, _ target: String, isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> T
    ) async throws -> T {
        try await withSpan("\(operation) \(target)", ofKind: .client) { span in
            span.attributes["db.system.name"] = "postgresql"
            span.attributes["db.operation.name"] = operation
            span.attributes["db.collection.name"] = target
            return try await body()
        }
    }
}
