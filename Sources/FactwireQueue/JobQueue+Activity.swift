public import FactwireCore
public import Foundation
import Logging
import PostgresNIO

/// Jobs of one queue finished within one minute: the points of a dashboard's sparkline.
public struct QueueMinute: Sendable, Equatable {
    public var queue: String
    /// Whole minutes ago: 0 is the current minute.
    public var minutesAgo: Int
    public var finished: Int
    /// Mean seconds from submission to the first start, over the minute's jobs that ran at the first
    /// attempt; nil when none did.
    public var meanPickupSeconds: Double?
}

/// One line of a job list, for dashboards: where a job is, how far it got, and why it last failed.
public struct JobSummary: Sendable {
    public var id: Int64
    public var queue: String
    public var kind: String
    /// A ``JobStatus`` raw value, or `dead` for a dead letter.
    public var state: String
    public var attempt: Int32
    public var maxAttempts: Int32
    public var lastError: String?
    public var arguments: JSONValue?
    /// What the handler reported on completion (finished jobs only).
    public var result: JSONValue?
    /// When the job was created (live jobs) or finalized (history and dead letters).
    public var at: Date
}

/// Finished jobs after a given one, in the form of the finish events workers NOTIFY.
public struct FinishedJobs: Sendable {
    /// Whether the anchor job is known (in history or among the dead letters).
    public var anchorKnown: Bool
    /// `(job id, event payload as JSON text)`, in the order they finished.
    public var events: [(id: Int64, payload: String)]
}

extension JobQueue {
    /// Jobs finished per queue and minute over the last `minutes` minutes.
    public func finishedPerMinute(minutes: Int) async throws -> [QueueMinute] {
        let rows = try await client.query(
            """
            SELECT queue, minute, count(*)::int8,
                   avg(extract(epoch FROM attempted_at - created_at))
                       FILTER (WHERE attempt = 1 AND attempted_at IS NOT NULL)::float8
            FROM (
                SELECT queue, attempt, attempted_at, created_at,
                       least(\(Int32(minutes - 1)), floor(extract(epoch FROM now() - finalized_at) / 60))::int4 AS minute
                FROM factwire.job_history WHERE finalized_at > now() - make_interval(mins => \(Int32(minutes)))
            ) recent
            GROUP BY queue, minute
            """,
            logger: logger
        )
        var out: [QueueMinute] = []
        for try await (queue, minute, count, latency) in rows.decode((String, Int32, Int64, Double?).self) {
            out.append(
                QueueMinute(queue: queue, minutesAgo: Int(minute), finished: Int(count), meanPickupSeconds: latency))
        }
        return out
    }

    /// The newest live jobs (any state), newest first.
    public func liveJobs(limit: Int) async throws -> [JobSummary] {
        try await summaries(
            """
            SELECT id, queue, kind, state::text, attempt, max_attempts, errors->-1->>'error', args::text, NULL::text,
                   created_at
            FROM factwire.jobs ORDER BY id DESC LIMIT \(Int32(limit))
            """)
    }

    /// Jobs finalized within the last day (completed, cancelled, discarded), newest first.
    public func finishedJobs(limit: Int) async throws -> [JobSummary] {
        try await summaries(
            """
            SELECT id, queue, kind, final_state::text, attempt, max_attempts, errors->-1->>'error', args::text,
                   result::text, finalized_at
            FROM factwire.job_history WHERE finalized_at > now() - interval '1 day'
            ORDER BY finalized_at DESC, id DESC LIMIT \(Int32(limit))
            """)
    }

    /// The newest dead letters, newest first.
    public func deadJobs(limit: Int) async throws -> [JobSummary] {
        try await summaries(
            """
            SELECT id, queue, kind, 'dead', attempt, max_attempts, errors->-1->>'error', args::text, NULL::text,
                   finalized_at
            FROM factwire.dead_jobs ORDER BY finalized_at DESC, id DESC LIMIT \(Int32(limit))
            """)
    }

    private func summaries(_ query: PostgresQuery) async throws -> [JobSummary] {
        var out: [JobSummary] = []
        let rows = try await client.query(query, logger: logger)
        for try await r in rows.decode(
            (Int64, String, String, String, Int32, Int32, String?, String, String?, Date).self)
        {
            out.append(
                JobSummary(
                    id: r.0, queue: r.1, kind: r.2, state: r.3, attempt: r.4, maxAttempts: r.5, lastError: r.6,
                    arguments: JSONValue(text: r.7), result: r.8.flatMap(JSONValue.init(text:)), at: r.9))
        }
        return out
    }

    /// Jobs finished after job `id` (from 5 s before it, so events committed out of timestamp order are
    /// not lost: an id may come twice), at most `limit`, as finish events. PostgreSQL builds each
    /// payload with `json_build_object`, as the workers' NOTIFY does, so a replayed event and a live one
    /// are the same text.
    public func finishedJobs(after id: Int64, limit: Int) async throws -> FinishedJobs {
        let rows = try await client.query(
            """
            WITH anchor AS (
                SELECT finalized_at FROM factwire.job_history WHERE id = \(id)
                UNION ALL SELECT finalized_at FROM factwire.dead_jobs WHERE id = \(id) LIMIT 1
            ), finished AS (
                SELECT id, kind, queue, final_state::text AS state, result, finalized_at FROM factwire.job_history
                UNION ALL SELECT id, kind, queue, final_state::text, NULL::jsonb, finalized_at FROM factwire.dead_jobs
            )
            SELECT f.id,
                   json_build_object('id', f.id, 'kind', f.kind, 'queue', f.queue, 'state', f.state, 'result', f.result)::text
            FROM finished f, anchor
            WHERE f.finalized_at >= anchor.finalized_at - interval '5 seconds' AND f.id <> \(id)
            ORDER BY f.finalized_at, f.id
            LIMIT \(Int32(limit))
            """,
            logger: logger
        )
        var events: [(id: Int64, payload: String)] = []
        for try await (jobID, payload) in rows.decode((Int64, String).self) { events.append((jobID, payload)) }
        guard events.isEmpty else { return FinishedJobs(anchorKnown: true, events: events) }
        let anchor = try await client.query(
            """
            SELECT count(*)::int8 FROM (
                SELECT 1 FROM factwire.job_history WHERE id = \(id)
                UNION ALL SELECT 1 FROM factwire.dead_jobs WHERE id = \(id)
            ) x
            """,
            logger: logger
        )
        var known = false
        for try await n in anchor.decode(Int64.self) { known = n > 0 }
        return FinishedJobs(anchorKnown: known, events: [])
    }

    /// How many finished jobs of `queue` the history holds.
    public func historyCount(queue: String) async throws -> Int {
        let rows = try await client.query(
            "SELECT count(*)::int8 FROM factwire.job_history WHERE queue = \(queue)", logger: logger)
        var count: Int64 = 0
        for try await n in rows.decode(Int64.self) { count = n }
        return Int(count)
    }

    /// Deletes the finished jobs of `queue` from the history (benchmarks clean up after themselves).
    public func deleteHistory(queue: String) async throws {
        try await client.query("DELETE FROM factwire.job_history WHERE queue = \(queue)", logger: logger)
    }
}
