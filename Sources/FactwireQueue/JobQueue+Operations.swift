public import Foundation
import Logging
import PostgresNIO

/// Where a job is in its life.
public enum JobStatus: String, Sendable, Codable, CaseIterable {
    case scheduled, available, running, retryable, completed, cancelled, discarded
}

/// A job as an operator sees it, wherever it lives (live, history or dead letters).
public struct JobSnapshot: Sendable, Equatable, Codable {
    public var id: Int64
    public var queue: String
    public var kind: String
    public var status: JobStatus
    public var priority: Int16
    public var attempt: Int32
    public var maxAttempts: Int32
    public var argumentsJSON: String
    /// Errors of failed attempts, as a JSON array text.
    public var errorsJSON: String
    /// What the handler reported on completion, as JSON text.
    public var resultJSON: String?
    public var createdAt: Date
    public var runAt: Date?
    public var attemptedAt: Date?
    public var finalizedAt: Date?
}

/// Counts per queue, for `factwire queue stats`, dashboards and autoscalers.
public struct QueueStats: Sendable, Equatable, Codable {
    public var queue: String
    public var scheduled: Int64 = 0
    public var available: Int64 = 0
    public var running: Int64 = 0
    public var retryable: Int64 = 0
    public var dead: Int64 = 0
    /// Seconds the oldest available job has waited; 0 when none waits.
    public var oldestAvailableSeconds: Double = 0
    public var paused: Bool = false

    /// Zero counts for `queue`.
    public init(queue: String) { self.queue = queue }
}

extension JobQueue {
    /// Counts per queue and state, the oldest wait, dead letters and pause state.
    public func stats() async throws -> [QueueStats] {
        var byQueue: [String: QueueStats] = [:]
        let live = try await client.query(
            """
            SELECT queue, state::text, count(*)::int8,
                   coalesce(extract(epoch FROM now() - min(run_at) FILTER (WHERE state = 'available')), 0)::float8
            FROM factwire.jobs GROUP BY queue, state
            """,
            logger: logger
        )
        for try await (queue, state, count, oldest) in live.decode((String, String, Int64, Double).self) {
            var stats = byQueue[queue] ?? QueueStats(queue: queue)
            switch state {
            case "scheduled": stats.scheduled = count
            case "available":
                stats.available = count
                stats.oldestAvailableSeconds = max(0, oldest)
            case "running": stats.running = count
            case "retryable": stats.retryable = count
            default: break
            }
            byQueue[queue] = stats
        }
        let dead = try await client.query(
            "SELECT queue, count(*)::int8 FROM factwire.dead_jobs GROUP BY queue", logger: logger)
        for try await (queue, count) in dead.decode((String, Int64).self) {
            byQueue[queue, default: QueueStats(queue: queue)].dead = count
        }
        let paused = try await client.query(
            "SELECT name FROM factwire.queues WHERE paused_at IS NOT NULL", logger: logger)
        for try await queue in paused.decode(String.self) {
            byQueue[queue, default: QueueStats(queue: queue)].paused = true
        }
        return byQueue.values.sorted { $0.queue < $1.queue }
    }

    /// The job with `id`, wherever it is, or nil.
    public func job(id: Int64) async throws -> JobSnapshot? {
        let rows = try await client.query(
            """
            SELECT id, queue, kind, state::text, priority, attempt, max_attempts, args::text, errors::text, NULL::text,
                   created_at, run_at, attempted_at, NULL::timestamptz, 0 AS rank
            FROM factwire.jobs WHERE id = \(id)
            UNION ALL
            SELECT id, queue, kind, final_state::text, priority, attempt, max_attempts, args::text, errors::text, NULL::text,
                   created_at, NULL, attempted_at, finalized_at, 1
            FROM factwire.dead_jobs WHERE id = \(id)
            UNION ALL
            SELECT id, queue, kind, final_state::text, priority, attempt, max_attempts, args::text, errors::text, result::text,
                   created_at, NULL, attempted_at, finalized_at, 2
            FROM factwire.job_history WHERE id = \(id)
            ORDER BY rank, 14 DESC NULLS FIRST LIMIT 1
            """,
            logger: logger
        )
        for try await row in rows.decode(
            (
                Int64, String, String, String, Int16, Int32, Int32, String, String, String?, Date, Date?, Date?, Date?,
                Int32
            ).self
        ) {
            return JobSnapshot(
                id: row.0, queue: row.1, kind: row.2, status: JobStatus(rawValue: row.3) ?? .discarded, priority: row.4,
                attempt: row.5, maxAttempts: row.6, argumentsJSON: row.7, errorsJSON: row.8, resultJSON: row.9,
                createdAt: row.10, runAt: row.11, attemptedAt: row.12, finalizedAt: row.13
            )
        }
        return nil
    }

    /// Jobs newest first, at most `limit`: live ones (nil `status`, or a live state), dead letters
    /// (`.discarded`), and finished ones from history (`.completed`, `.cancelled`, and `.discarded` too).
    public func list(queue: String? = nil, status: JobStatus? = nil, limit: Int = 50) async throws -> [JobSnapshot] {
        let limit = Int32(max(1, min(limit, 1000)))
        let statusText = status?.rawValue
        let rows = try await client.query(
            """
            SELECT * FROM (
                SELECT id, queue, kind, state::text AS status, priority, attempt, max_attempts, args::text, errors::text,
                       created_at, run_at, attempted_at, NULL::timestamptz AS finalized_at
                FROM factwire.jobs
                UNION ALL
                SELECT id, queue, kind, 'discarded', priority, attempt, max_attempts, args::text, errors::text,
                       created_at, NULL, attempted_at, finalized_at
                FROM factwire.dead_jobs
                UNION ALL
                SELECT id, queue, kind, final_state::text, priority, attempt, max_attempts, args::text, errors::text,
                       created_at, NULL, attempted_at, finalized_at
                FROM factwire.job_history
                WHERE \(statusText)::text IN ('completed', 'cancelled', 'discarded')
            ) j
            WHERE (\(queue)::text IS NULL OR j.queue = \(queue))
              AND ((\(statusText)::text IS NULL AND j.status <> 'discarded') OR j.status = \(statusText))
            ORDER BY id DESC LIMIT \(limit)
            """,
            logger: logger
        )
        var result: [JobSnapshot] = []
        for try await row in rows.decode(
            (Int64, String, String, String, Int16, Int32, Int32, String, String, Date, Date?, Date?, Date?).self)
        {
            result.append(
                JobSnapshot(
                    id: row.0, queue: row.1, kind: row.2, status: JobStatus(rawValue: row.3) ?? .discarded,
                    priority: row.4,
                    attempt: row.5, maxAttempts: row.6, argumentsJSON: row.7, errorsJSON: row.8, resultJSON: nil,
                    createdAt: row.9, runAt: row.10, attemptedAt: row.11, finalizedAt: row.12
                ))
        }
        return result
    }

    /// Worker processes listening for jobs on this database now: each keeps one idle session whose last
    /// statement is its `LISTEN` (query workers' event sessions, on `factwire_events`, are not counted).
    /// Workers configured not to listen only poll, and are not seen here.
    public func listeningWorkers() async throws -> Int {
        let rows = try await client.query(
            """
            SELECT count(*)::int8 FROM pg_stat_activity
            WHERE datname = current_database() AND state = 'idle' AND ltrim(query) ILIKE 'LISTEN%' AND query NOT ILIKE '%factwire_events%'
            """,
            logger: logger
        )
        for try await n in rows.decode(Int64.self) { return Int(n) }
        return 0
    }

    /// Makes a dead-lettered or waiting (scheduled, retryable) job available now, keeping its id.
    /// A dead job gets a fresh set of attempts.
    /// - Throws: ``FactwireQueueError/Code/jobNotFound`` or ``FactwireQueueError/Code/invalidState`` (running or finished).
    @discardableResult
    public func retry(id: Int64) async throws -> JobSnapshot {
        let moved: Bool
        do {
            moved = try await client.withTransaction(logger: logger) { connection -> Bool in
                // A dead letter gets its unique key back; if a live job holds that key now, the retry would run
                // the same work twice: refuse it and name that job.
                let holders = try await connection.query(
                    """
                    SELECT j.id FROM factwire.dead_jobs d JOIN factwire.jobs j ON j.unique_key = d.unique_key WHERE d.id = \(id)
                    """,
                    logger: self.logger
                )
                for try await holder in holders.decode(Int64.self) {
                    throw FactwireQueueError(
                        .invalidState,
                        message:
                            "job \(id) cannot be retried: live job \(holder) has the same unique key, so both would run the same work",
                        jobID: id)
                }
                let revived = try await connection.query(
                    """
                    WITH dead AS (DELETE FROM factwire.dead_jobs WHERE id = \(id) RETURNING *)
                    INSERT INTO factwire.jobs (id, queue, kind, state, priority, run_at, attempt, max_attempts, args, meta, errors, created_at, unique_key)
                    OVERRIDING SYSTEM VALUE
                    SELECT id, queue, kind, 'available', priority, now(), 0, max_attempts, args, meta, errors, created_at, unique_key FROM dead
                    RETURNING queue
                    """,
                    logger: self.logger
                )
                var queue: String?
                for try await q in revived.decode(String.self) { queue = q }
                if queue == nil {
                    let woken = try await connection.query(
                        """
                        UPDATE factwire.jobs SET state = 'available', run_at = now()
                        WHERE id = \(id) AND state IN ('scheduled', 'retryable', 'available') RETURNING queue
                        """,
                        logger: self.logger
                    )
                    for try await q in woken.decode(String.self) { queue = q }
                }
                guard let queue else { return false }
                try await connection.query("SELECT pg_notify('factwire_jobs', \(queue))", logger: self.logger)
                return true
            }
        } catch let error as PostgresTransactionError {
            if let refusal = error.closureError as? FactwireQueueError { throw refusal }
            throw error
        }
        return try await snapshot(id: id, changed: moved) {
            "job \(id) is \($0.rawValue); only dead, scheduled or retryable jobs can be retried"
        }
    }

    /// Cancels a job: a waiting one moves to history as cancelled at once; a running one is asked to
    /// stop (its worker cancels the attempt's Task and records it as cancelled).
    /// - Throws: ``FactwireQueueError/Code/jobNotFound`` or ``FactwireQueueError/Code/invalidState`` (already finished).
    @discardableResult
    public func cancel(id: Int64) async throws -> JobSnapshot {
        let changed = try await client.withTransaction(logger: logger) { connection -> Bool in
            if try await Self.moveToHistory(
                id: id, from: .waitingJobs, as: .cancelled, on: connection, logger: self.logger)
            {
                return true
            }
            let running = try await connection.query(
                "UPDATE factwire.jobs SET cancel_requested_at = now() WHERE id = \(id) AND state = 'running' RETURNING id",
                logger: self.logger
            )
            for try await _ in running.decode(Int64.self) {
                let payload = ControlMessage.cancel(id).payload
                try await connection.query("SELECT pg_notify('factwire_control', \(payload))", logger: self.logger)
                return true
            }
            return false
        }
        return try await snapshot(id: id, changed: changed) { "job \(id) is already \($0.rawValue)" }
    }

    /// Removes a dead-lettered job for good: it moves to `job_history` as discarded (kept there as long as
    /// history is kept) and a `discarded` event is published. Only dead letters can be discarded; a live
    /// job is cancelled instead.
    /// - Throws: ``FactwireQueueError/Code/jobNotFound`` or ``FactwireQueueError/Code/invalidState`` (not a dead letter).
    @discardableResult
    public func discard(id: Int64) async throws -> JobSnapshot {
        let changed = try await client.withTransaction(logger: logger) { connection -> Bool in
            try await Self.moveToHistory(
                id: id, from: .deadLetters, as: .discarded, on: connection, logger: self.logger)
        }
        return try await snapshot(id: id, changed: changed) {
            "job \(id) is \($0.rawValue), not a dead letter; only dead letters can be discarded (cancel a live job)"
        }
    }

    /// Where an operator's action takes a job from.
    private enum HistorySource: String {
        /// Live jobs that are not running (a running one is asked to stop instead).
        case waitingJobs = "factwire.jobs WHERE state <> 'running' AND"
        case deadLetters = "factwire.dead_jobs WHERE"
    }

    /// Moves job `id` from `source` to `job_history` as `state` and publishes its `factwire_events`
    /// notification, in the caller's transaction. Returns whether a row moved.
    private static func moveToHistory(
        id: Int64, from source: HistorySource, as state: FinalState, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        let moved = try await connection.query(
            """
            WITH gone AS (
                DELETE FROM \(unescaped: source.rawValue) id = \(id) RETURNING *
            ), hist AS (
                INSERT INTO factwire.job_history (id, queue, kind, final_state, attempt, max_attempts, priority, args, meta,
                                                  errors, created_at, attempted_at, finalized_at)
                SELECT id, queue, kind, \(state.rawValue)::factwire.final_state, attempt, max_attempts, priority, args, meta, errors,
                       created_at, attempted_at, now()
                FROM gone RETURNING id, kind, queue, final_state::text AS state
            )
            SELECT id, pg_notify('factwire_events', json_build_object('id', id, 'kind', kind, 'queue', queue, 'state', state)::text)
            FROM hist
            """,
            logger: logger
        )
        for try await _ in moved.decode((Int64, String?).self) { return true }
        return false
    }

    /// The job after an operation: not found, or refused with `refusal` when nothing changed.
    private func snapshot(id: Int64, changed: Bool, refusal: (JobStatus) -> String) async throws -> JobSnapshot {
        guard let snapshot = try await job(id: id) else {
            throw FactwireQueueError(.jobNotFound, message: "no job has id \(id)", jobID: id)
        }
        guard changed else {
            throw FactwireQueueError(.invalidState, message: refusal(snapshot.status), jobID: id)
        }
        return snapshot
    }

    /// Stops workers everywhere from claiming jobs of `queue` (running jobs finish).
    public func pause(queue: String) async throws {
        try await client.query(
            """
            INSERT INTO factwire.queues (name, paused_at) VALUES (\(queue), now())
            ON CONFLICT (name) DO UPDATE SET paused_at = now(), updated_at = now()
            """,
            logger: logger
        )
    }

    /// Lets workers claim from `queue` again, and wakes them.
    public func resume(queue: String) async throws {
        try await client.withConnection { connection in
            try await connection.query(
                """
                INSERT INTO factwire.queues (name, paused_at) VALUES (\(queue), NULL)
                ON CONFLICT (name) DO UPDATE SET paused_at = NULL, updated_at = now()
                """,
                logger: self.logger
            )
            try await QueueSQL.notify(queues: [queue], on: connection, logger: self.logger)
        }
    }
}
