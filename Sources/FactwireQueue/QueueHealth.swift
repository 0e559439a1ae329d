public import Foundation
import Logging
import PostgresNIO

/// What decays a PostgreSQL queue: dead tuples in the hot table (vacuum falling behind) and an old
/// transaction holding back the xmin horizon (so vacuum cannot remove them at all).
public struct QueueHealth: Sendable, Equatable, Codable {
    /// Dead row versions in `factwire.jobs` (pg_stat_user_tables.n_dead_tup).
    public var deadTuples: Int64
    /// Live rows in `factwire.jobs`.
    public var liveTuples: Int64
    /// When autovacuum last vacuumed `factwire.jobs`.
    public var lastAutovacuum: Date?
    /// How long the oldest transaction holding back this database's xmin horizon has been open, in seconds.
    /// (Replication slots and other databases' shared catalogs can hold it too; not reported here.)
    public var oldestXminSeconds: Double?
    /// Who holds it: `pid application_name (state)`.
    public var oldestXminHolder: String?
}

extension JobQueue {
    /// Dead tuples of the hot table and the oldest xmin holder.
    public func health() async throws -> QueueHealth {
        var health = QueueHealth(deadTuples: 0, liveTuples: 0)
        let table = try await client.query(
            "SELECT n_dead_tup, n_live_tup, last_autovacuum FROM pg_stat_user_tables WHERE schemaname = 'factwire' AND relname = 'jobs'",
            logger: logger
        )
        for try await (dead, live, vacuumed) in table.decode((Int64, Int64, Date?).self) {
            health.deadTuples = dead
            health.liveTuples = live
            health.lastAutovacuum = vacuumed
        }
        let holder = try await client.query(
            """
            SELECT extract(epoch FROM now() - coalesce(xact_start, backend_start))::float8,
                   pid || ' ' || coalesce(nullif(application_name, ''), '-') || ' (' || coalesce(state, '?') || ')'
            FROM pg_stat_activity
            WHERE backend_xmin IS NOT NULL AND pid <> pg_backend_pid() AND datname = current_database()
            ORDER BY age(backend_xmin) DESC LIMIT 1
            """,
            logger: logger
        )
        for try await (seconds, who) in holder.decode((Double, String).self) {
            health.oldestXminSeconds = seconds
            health.oldestXminHolder = who
        }
        return health
    }
}
