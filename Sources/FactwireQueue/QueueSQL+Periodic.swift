public import Foundation
import Logging
import PostgresNIO

extension QueueSQL {
    // MARK: Periodic jobs

    /// Writes the schedules this worker registers (kind, queue, arguments, schedule, policy), keeping
    /// each job's last tick: a schedule changed between deploys goes on from where the old one stopped.
    static func register(_ jobs: [PeriodicJob], by workerID: UUID, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        guard !jobs.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO factwire.periodic_jobs (name, kind, queue, schedule, args, missed, registered_by)
            SELECT j.*, \(workerID)::uuid
            FROM unnest(\(jobs.map(\.name))::text[], \(jobs.map(\.kind))::text[], \(jobs.map(\.queue))::text[],
                        \(jobs.map(\.scheduleText))::text[], \(jobs.map(\.argumentsJSON))::jsonb[],
                        \(jobs.map(\.missed.rawValue))::text[]) AS j
            ON CONFLICT (name) DO UPDATE SET
                kind = EXCLUDED.kind, queue = EXCLUDED.queue, schedule = EXCLUDED.schedule, args = EXCLUDED.args,
                missed = EXCLUDED.missed, registered_at = now(), registered_by = EXCLUDED.registered_by
            """,
            logger: logger
        )
    }

    /// The database's clock, and each job's last handled tick.
    static func periodicState(names: [String], on connection: PostgresConnection, logger: Logger) async throws
        -> (now: Date, lastTicks: [String: Date])
    {
        let rows = try await connection.query(
            """
            SELECT clock_timestamp(), n.name, p.last_tick
            FROM unnest(\(names)::text[]) AS n(name) LEFT JOIN factwire.periodic_jobs p ON p.name = n.name
            """,
            logger: logger
        )
        var now = Date()
        var lastTicks: [String: Date] = [:]
        for try await (clock, name, last) in rows.decode((Date, String, Date?).self) {
            now = clock
            if let last { lastTicks[name] = last }
        }
        return (now, lastTicks)
    }

    /// Moves `job`'s last tick to `tick` and, when `run`, enqueues its run, in one statement: the run
    /// exists only if this call moved the tick, so a tick another leader already handled enqueues
    /// nothing. Returns the new job's id (nil: nothing enqueued).
    static func advance(
        _ job: PeriodicJob, tick: Date, next: Date?, run: Bool, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int64? {
        let key = run ? UniqueKey.hex(kind: job.kind, key: PeriodicJob.uniqueKey(name: job.name, tick: tick)) : ""
        let rows = try await connection.query(
            """
            WITH moved AS (
                UPDATE factwire.periodic_jobs SET last_tick = \(tick), next_tick = \(next),
                       last_fired_at = CASE WHEN \(run) THEN now() ELSE last_fired_at END
                WHERE name = \(job.name) AND (last_tick IS NULL OR last_tick < \(tick))
                RETURNING name
            ), enqueued AS (
                INSERT INTO factwire.jobs (queue, kind, args, meta, run_at, max_attempts, unique_key, state)
                SELECT \(job.queue), \(job.kind), \(job.argumentsJSON)::jsonb,
                       jsonb_build_object('periodic', \(job.name), 'tick', \(tick)), now(), \(job.maxAttempts),
                       decode(\(key), 'hex'), 'available'
                FROM moved WHERE \(run)
                ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL DO NOTHING
                RETURNING id
            )
            SELECT e.id, pg_notify('factwire_jobs', \(job.queue))::text FROM enqueued e
            """,
            logger: logger
        )
        var enqueued: Int64?
        for try await (id, _) in rows.decode((Int64, String?).self) { enqueued = id }
        if let enqueued {
            // A statement may not update one row twice, so the run's id is noted after it (for listings only).
            try await connection.query(
                "UPDATE factwire.periodic_jobs SET last_job_id = \(enqueued) WHERE name = \(job.name)", logger: logger)
        }
        return enqueued
    }

    /// Every registered periodic job, by name.
    static func periodicJobs(on connection: PostgresConnection, logger: Logger) async throws -> [PeriodicJobState] {
        let rows = try await connection.query(
            """
            SELECT name, kind, queue, schedule, args::text, missed, last_tick, last_fired_at, last_job_id, next_tick,
                   registered_at
            FROM factwire.periodic_jobs ORDER BY name
            """,
            logger: logger
        )
        var out: [PeriodicJobState] = []
        for try await row in rows.decode(
            (String, String, String, String, String, String, Date?, Date?, Int64?, Date?, Date).self)
        {
            out.append(
                PeriodicJobState(
                    name: row.0, kind: row.1, queue: row.2, schedule: row.3, argumentsJSON: row.4, missed: row.5,
                    lastTick: row.6, lastFiredAt: row.7, lastJobID: row.8, nextTick: row.9, registeredAt: row.10))
        }
        return out
    }
}

/// A registered periodic job as the database holds it (for `factwire queue periodic`).
public struct PeriodicJobState: Sendable, Codable, Equatable {
    public var name: String
    public var kind: String
    public var queue: String
    public var schedule: String
    public var argumentsJSON: String
    public var missed: String
    /// The last tick handled: run, or passed over under `skip`.
    public var lastTick: Date?
    /// When the last run was enqueued.
    public var lastFiredAt: Date?
    public var lastJobID: Int64?
    /// The next tick, as of the last one handled.
    public var nextTick: Date?
    public var registeredAt: Date

    enum CodingKeys: String, CodingKey {
        case name, kind, queue, schedule, missed
        case argumentsJSON = "args"
        case lastTick = "last_tick"
        case lastFiredAt = "last_fired_at"
        case lastJobID = "last_job_id"
        case nextTick = "next_tick"
        case registeredAt = "registered_at"
    }
}
