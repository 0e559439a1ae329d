public import Foundation
import Logging
import PostgresNIO

extension QueueSQL.ClaimRequest {
    var bindings: PostgresBindings {
        var bindings = PostgresBindings(capacity: 7)
        bindings.append(queue)
        bindings.append(Int32(limit))
        bindings.append(workerID)
        bindings.append(leaseSeconds)
        bindings.append(deadlineSeconds)
        bindings.append(timeoutKinds)
        bindings.append(timeoutSeconds)
        return bindings
    }
}

extension ClaimedJob {
    /// Reads a claim's row (``QueueSQL/claimReturning``) cell by cell. Decoding it as a tuple goes through
    /// PostgresNIO's parameter-pack path, whose generic code looked up type metadata for each column of
    /// each job; a cell's decode is specialized for its type (perf, no-op jobs: the claim's decoding went
    /// from 6.5 % to 5.2 % of the worker's samples).
    init(row: PostgresRow, queue: String) throws {
        var cells = row.makeIterator()
        func next<Value: PostgresDecodable>(_: Value.Type) throws -> Value {
            guard let cell = cells.next() else { throw QueueSQL.ShortRow(statement: "claim", columns: row.count) }
            return try cell.decode(Value.self)
        }
        self.init(
            id: try next(Int64.self), lease: try next(Int64.self), queue: queue, kind: try next(String.self),
            attempt: try next(Int32.self), maxAttempts: try next(Int32.self), argumentsJSON: try next(String.self),
            metaJSON: try next(String.self), runAt: try next(Date.self), attemptedAt: try next(Date.self))
    }
}

extension QueueSQL {
    // MARK: Global concurrency limits

    /// The advisory lock every claim of a limited kind holds while it counts and claims (one for all
    /// limited kinds: such claims are few, and one lock cannot deadlock).
    static let limitLockKey: Int64 = 0x6661_6374_6c69_6d74  // "factlimt"

    /// Claims jobs of limited kinds, at most as many per kind (and per partition value) as its limit
    /// leaves free across all workers.
    ///
    /// Counting and claiming must see every claim that committed before: under READ COMMITTED each
    /// statement takes a new snapshot, so the claim runs as a second statement after the advisory lock
    /// is granted, in one transaction. A competing claimer waits for the lock and then sees this claim.
    /// The cost: limited claims are serialized, and each reads the available jobs of the limited kinds
    /// in this queue (a window over them) and the running ones.
    static func claimLimited(_ request: ClaimRequest, on connection: PostgresConnection, logger: Logger) async throws
        -> [ClaimedJob]
    {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(limitLockKey))", logger: logger)
            // Kinds limited per argument value are ranked within the first `lookAhead` of their available
            // jobs. A claim left short then ranks all of them (in the same transaction, which sees what the
            // first pass claimed): a head of jobs of saturated partitions must not hide the others behind it.
            let lookAhead = Int64(max(1_000, 20 * request.limit))
            var jobs = try await claimLimited(request, lookAhead: lookAhead, on: connection, logger: logger)
            if jobs.count < request.limit {
                var rest = request
                rest.limit = request.limit - jobs.count
                jobs += try await claimLimited(rest, lookAhead: nil, on: connection, logger: logger)
            }
            return jobs
        }
    }

    private static func claimLimited(
        _ request: ClaimRequest, lookAhead: Int64?, on connection: PostgresConnection, logger: Logger
    ) async throws -> [ClaimedJob] {
        var bindings = request.bindings
        bindings.append(lookAhead)
        let rows = try await connection.query(
            PostgresQuery(unsafeSQL: limitedClaimSQL, binds: bindings), logger: logger)
        var jobs: [ClaimedJob] = []
        for try await row in rows { jobs.append(try ClaimedJob(row: row, queue: request.queue)) }
        return jobs
    }

    /// Kinds limited as a whole take the first free-slot-many of their jobs through `jobs_fetch_idx` (a
    /// LATERAL with LIMIT: it stops after those rows). Kinds limited per argument value rank the first
    /// `$8` available jobs of the kind by partition (a window over them; `$8` NULL: all of them).
    static let limitedClaimSQL = """
        WITH lim AS (
            SELECT kind, max_running, partition_by FROM factwire.kind_limits
        ), busy AS (
            SELECT r.kind, coalesce(r.args->>l.partition_by, '') AS part, count(*) AS n
            FROM factwire.jobs r JOIN lim l ON l.kind = r.kind
            WHERE r.state = 'running'
            GROUP BY 1, 2
        ), open AS (
            SELECT NOT EXISTS (SELECT 1 FROM factwire.queues q WHERE q.name = $1 AND q.paused_at IS NOT NULL) AS yes
        ), whole AS (
            SELECT c.id, c.priority, c.run_at
            FROM lim l
            CROSS JOIN LATERAL (
                SELECT j.id, j.priority, j.run_at FROM factwire.jobs j
                WHERE j.state = 'available' AND j.queue = $1 AND j.kind = l.kind AND (SELECT yes FROM open)
                ORDER BY j.priority, j.run_at, j.id
                LIMIT greatest(0, l.max_running - coalesce((SELECT sum(b.n) FROM busy b WHERE b.kind = l.kind), 0))
            ) c
            WHERE l.partition_by IS NULL
        ), ranked AS (
            SELECT j.id, l.kind, j.priority, j.run_at, l.max_running, coalesce(j.args->>l.partition_by, '') AS part,
                   row_number() OVER (PARTITION BY l.kind, coalesce(j.args->>l.partition_by, '')
                                      ORDER BY j.priority, j.run_at, j.id) AS rn
            FROM lim l
            CROSS JOIN LATERAL (
                SELECT a.id, a.priority, a.run_at, a.args FROM factwire.jobs a
                WHERE a.state = 'available' AND a.queue = $1 AND a.kind = l.kind AND (SELECT yes FROM open)
                ORDER BY a.priority, a.run_at, a.id
                LIMIT $8
            ) j
            WHERE l.partition_by IS NOT NULL
        ), parted AS (
            SELECT r.id, r.priority, r.run_at FROM ranked r LEFT JOIN busy b ON b.kind = r.kind AND b.part = r.part
            WHERE r.rn <= r.max_running - coalesce(b.n, 0)
        ), allowed AS (
            SELECT id FROM (SELECT * FROM whole UNION ALL SELECT * FROM parted) x
            ORDER BY priority, run_at, id
            LIMIT $2
        ), picked AS (
            SELECT id FROM factwire.jobs
            WHERE id IN (SELECT id FROM allowed) AND state = 'available'
              AND (SELECT set_config('synchronous_commit', 'off', true)) IS NOT NULL
            FOR UPDATE SKIP LOCKED
        )
        UPDATE factwire.jobs j
        SET \(claimAssignments)
        WHERE j.id = ANY (ARRAY(SELECT id FROM picked))
        \(claimReturning)
        """

    /// Whether any limit is set (read about once a second by each producer).
    static func limitsExist(on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query("SELECT EXISTS (SELECT 1 FROM factwire.kind_limits)", logger: logger)
        for try await exists in rows.decode(Bool.self) { return exists }
        return false
    }

    static func setLimit(
        kind: String, maxRunning: Int32, partitionBy: String?, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO factwire.kind_limits (kind, max_running, partition_by) VALUES (\(kind), \(maxRunning), \(partitionBy))
            ON CONFLICT (kind) DO UPDATE SET max_running = EXCLUDED.max_running, partition_by = EXCLUDED.partition_by,
                                             updated_at = now()
            """,
            logger: logger
        )
    }

    static func removeLimit(kind: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            "DELETE FROM factwire.kind_limits WHERE kind = \(kind) RETURNING kind", logger: logger)
        for try await _ in rows.decode(String.self) { return true }
        return false
    }

    static func limits(on connection: PostgresConnection, logger: Logger) async throws -> [KindLimit] {
        let rows = try await connection.query(
            """
            SELECT l.kind, l.max_running, l.partition_by,
                   (SELECT count(*) FROM factwire.jobs r WHERE r.state = 'running' AND r.kind = l.kind)::int8,
                   (SELECT count(*) FROM factwire.jobs a WHERE a.state = 'available' AND a.kind = l.kind)::int8,
                   l.updated_at
            FROM factwire.kind_limits l ORDER BY l.kind
            """,
            logger: logger
        )
        var out: [KindLimit] = []
        for try await (kind, maxRunning, partitionBy, running, available, updated) in rows.decode(
            (String, Int32, String?, Int64, Int64, Date).self)
        {
            out.append(
                KindLimit(
                    kind: kind, maxRunning: maxRunning, partitionBy: partitionBy, running: running,
                    available: available, updatedAt: updated))
        }
        return out
    }
}

/// A global concurrency limit on a job kind, with what runs and waits under it now.
public struct KindLimit: Sendable, Codable, Equatable {
    public var kind: String
    /// At most this many run at once across all workers (per value of ``partitionBy`` when set).
    public var maxRunning: Int32
    /// The argument whose value partitions the limit (jobs without it share one partition).
    public var partitionBy: String?
    /// Jobs of the kind running now (all partitions).
    public var running: Int64
    /// Jobs of the kind waiting to be claimed.
    public var available: Int64
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case kind, running, available
        case maxRunning = "max_running"
        case partitionBy = "partition_by"
        case updatedAt = "updated_at"
    }
}
