import Crypto
import FactwireCore
import Foundation
import Logging
import PostgresNIO

/// Every statement the queue runs on `factwire.jobs`, `job_history`, `dead_jobs` and friends.
///
/// Kept in one file so the whole protocol can be read at once (QUEUE.md §6.3–6.5). Every write after a
/// claim is fenced: `WHERE id = … AND lease = … AND state = 'running'`, and zero rows means the lease
/// was lost, so the caller throws its result away.
enum QueueSQL {
    // MARK: Enqueue

    /// Inserts jobs in one statement (`unnest` of parallel arrays). Rows whose unique key a live job
    /// already holds are skipped and reported with that job's id.
    static func insert(_ jobs: [NewJob], on connection: PostgresConnection, logger: Logger) async throws
        -> [EnqueuedJob]
    {
        guard !jobs.isEmpty else { return [] }
        if let uniform = try await insertUniform(jobs, on: connection, logger: logger) { return uniform }
        let queues = jobs.map(\.queue)
        let kinds = jobs.map(\.kind)
        let args = jobs.map(\.argumentsJSON)
        let metas = jobs.map(\.metaJSON)
        let priorities = jobs.map(\.priority)
        let delays = jobs.map(\.delaySeconds)
        let attempts = jobs.map(\.maxAttempts)
        let keys = jobs.map { job in job.uniqueKey.map { UniqueKey.hex(kind: job.kind, key: $0) } ?? "" }
        let hasKeys = keys.contains { !$0.isEmpty }
        let rows = try await connection.query(
            """
            WITH input AS (
                SELECT t.*, CASE WHEN t.delay < 0 THEN now() ELSE now() + make_interval(secs => t.delay) END AS starts,
                       decode(NULLIF(t.key, ''), 'hex') AS unique_key
                FROM unnest(\(queues)::text[], \(kinds)::text[], \(args)::text[], \(metas)::text[], \(priorities)::int2[],
                            \(delays)::float8[], \(attempts)::int4[], \(keys)::text[])
                     WITH ORDINALITY AS t(queue, kind, args, meta, priority, delay, max_attempts, key, n)
            )
            INSERT INTO factwire.jobs (queue, kind, args, meta, priority, run_at, max_attempts, unique_key, state)
            SELECT queue, kind, args::jsonb, meta::jsonb, priority, starts, max_attempts, unique_key,
                   CASE WHEN starts <= now() THEN 'available'::factwire.job_state ELSE 'scheduled' END
            FROM input ORDER BY n
            ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL DO NOTHING
            RETURNING id, encode(unique_key, 'hex')
            """,
            logger: logger
        )
        var ids: [Int64] = []
        ids.reserveCapacity(jobs.count)
        var insertedKeys: [String: Int64] = [:]
        for try await (id, key) in rows.decode((Int64, String?).self) {
            ids.append(id)
            if let key { insertedKeys[key] = id }
        }
        if !hasKeys || ids.count == jobs.count {
            return ids.map { EnqueuedJob(id: $0, inserted: true) }
        }
        // Some rows were skipped by ON CONFLICT: find the live jobs holding their keys. Ids come back in
        // input order for the inserted rows (identity values follow the ORDER BY).
        let missing = keys.filter { !$0.isEmpty && insertedKeys[$0] == nil }
        let existing = try await connection.query(
            "SELECT id, encode(unique_key, 'hex') FROM factwire.jobs WHERE unique_key = ANY(SELECT decode(k, 'hex') FROM unnest(\(missing)::text[]) AS k)",
            logger: logger
        )
        var holders: [String: Int64] = [:]
        for try await (id, key) in existing.decode((Int64, String).self) { holders[key] = id }
        var result: [EnqueuedJob] = []
        let keyed = Set(insertedKeys.values)
        var plain = ids.filter { !keyed.contains($0) }.makeIterator()
        var seenKeys: Set<String> = []
        for key in keys {
            if key.isEmpty {
                result.append(EnqueuedJob(id: plain.next() ?? -1, inserted: true))
            } else if let id = insertedKeys[key], !seenKeys.contains(key) {
                seenKeys.insert(key)
                result.append(EnqueuedJob(id: id, inserted: true))
            } else {
                result.append(EnqueuedJob(id: insertedKeys[key] ?? holders[key] ?? -1, inserted: false))
            }
        }
        return result
    }

    /// The bulk case: every job shares queue, kind, priority, delay, attempts and metadata and has no
    /// unique key, so only the arguments travel as an array. Returns nil when the batch is not uniform.
    private static func insertUniform(_ jobs: [NewJob], on connection: PostgresConnection, logger: Logger) async throws
        -> [EnqueuedJob]?
    {
        let first = jobs[0]
        guard jobs.count > 1,
            jobs.allSatisfy({
                $0.uniqueKey == nil && $0.queue == first.queue && $0.kind == first.kind && $0.priority == first.priority
                    && $0.delay == first.delay && $0.maxAttempts == first.maxAttempts && $0.metaJSON == first.metaJSON
            })
        else { return nil }
        let args = jobs.map(\.argumentsJSON)
        let rows = try await connection.query(
            """
            WITH input AS (
                SELECT CASE WHEN \(first.delaySeconds) < 0 THEN now() ELSE now() + make_interval(secs => \(first.delaySeconds)) END AS starts
            )
            INSERT INTO factwire.jobs (queue, kind, args, meta, priority, run_at, max_attempts, state)
            SELECT \(first.queue), \(first.kind), a.args::jsonb, \(first.metaJSON)::jsonb, \(first.priority), input.starts, \(first.maxAttempts),
                   CASE WHEN input.starts <= now() THEN 'available'::factwire.job_state ELSE 'scheduled' END
            FROM input, unnest(\(args)::text[]) AS a(args)
            RETURNING id
            """,
            logger: logger
        )
        var result: [EnqueuedJob] = []
        result.reserveCapacity(jobs.count)
        for try await id in rows.decode(Int64.self) { result.append(EnqueuedJob(id: id, inserted: true)) }
        return result
    }

    static func notify(queues: [String], on connection: PostgresConnection, logger: Logger) async throws {
        guard !queues.isEmpty else { return }
        try await connection.query(
            "SELECT pg_notify('factwire_jobs', q) FROM unnest(\(queues)::text[]) AS q", logger: logger)
    }

    // MARK: Claim and finish

    /// What a claim asks for.
    struct ClaimRequest: Sendable {
        var queue: String
        var limit: Int
        var workerID: UUID
        var leaseSeconds: Double
        /// The worker's deadline for one attempt, unless the kind has its own.
        var deadlineSeconds: Double
        /// Kinds with their own timeout (``JobHandler/timeout``), and those timeouts in seconds.
        var timeoutKinds: [String] = []
        var timeoutSeconds: [Double] = []
    }

    /// Claims up to `request.limit` available jobs of its queue, unless the queue is paused.
    ///
    /// The claim commits with `synchronous_commit = off` (set for this statement's transaction only):
    /// it does not wait for the WAL flush, which is most of a claim's latency. Losing a claim in a
    /// PostgreSQL crash is harmless: the job is simply available again, and the fence rejects every
    /// write of the worker that held the lost claim. Completions stay durable.
    ///
    /// Kinds with a global limit (`factwire.kind_limits`) are left to ``claimLimited(_:on:logger:)``,
    /// run after this one when `limited` (some limit exists) and slots are left. `unlimited: false` skips
    /// this claim: the producer's guess, after this claim found nothing, that the queue holds only
    /// limited jobs (walking past all of them on every claim is what a backlog of them would cost).
    static func claim(
        _ request: ClaimRequest, limited: Bool, unlimited: Bool = true, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> (jobs: [ClaimedJob], unlimitedFound: Int) {
        var jobs: [ClaimedJob] = []
        if unlimited || !limited {
            jobs = try await connection.rows(ClaimStatement(request: request), logger: logger)
        }
        let unlimitedFound = jobs.count
        if limited, jobs.count < request.limit {
            var rest = request
            rest.limit = request.limit - jobs.count
            do {
                jobs += try await claimLimited(rest, on: connection, logger: logger)
            } catch  where !jobs.isEmpty {
                // The unlimited claim has committed: its jobs are ours and must run now, not after their
                // leases expire. The limited claim rolled back and is tried again at the next claim.
                logger.warning(
                    "claim of limited kinds failed; running what the claim got", metadata: ["error": "\(error)"])
            }
        }
        return (jobs.sorted { $0.id < $1.id }, unlimitedFound)
    }

    /// The claim's SET list: lease, attempt and a deadline from the kind's own timeout or the worker's.
    static let claimAssignments = """
        state = 'running', attempt = j.attempt + 1, lease = nextval('factwire.lease_seq'),
            leased_by = $3, attempted_at = now(),
            lease_expires_at = now() + make_interval(secs => $4),
            deadline_at = now() + make_interval(secs => coalesce(
                (SELECT t.secs FROM unnest($6::text[], $7::float8[]) AS t(kind, secs) WHERE t.kind = j.kind), $5))
        """
    static let claimReturning =
        "RETURNING j.id, j.lease, j.kind, j.attempt, j.max_attempts, j.args::text, j.meta::text, j.run_at, j.attempted_at"

    /// The claim, as a named prepared statement: parsed once per connection instead of on every claim,
    /// which is a large part of a claim's cost on an idle queue (pickup latency).
    ///
    /// Its plan must read the fetch index in order and stop after `$2` rows, whatever the statistics say.
    /// Two shapes broke that once the cached generic plan took over: an anti-join with `kind_limits`
    /// (a table with no statistics, guessed at 780 rows), which the planner put under a sort of every
    /// available job, and `set_config` as a joined row, evaluated once per job read. With 50,000 jobs
    /// waiting that claim took 47 ms instead of 0.4 ms, and a burn-down fell to a fifth of its rate until
    /// autovacuum's next ANALYZE. `kind NOT IN (…)` stays a filter on the index scan (a hashed subplan,
    /// never an anti-join: `NOT IN` is not pulled up), and `set_config` in the WHERE clause runs once.
    /// The update finds the picked rows by `id = ANY (ARRAY(…))`, an index lookup per id: a join with the
    /// CTE was planned for `LIMIT $2`'s generic guess of 1,000 rows, and with up-to-date statistics of a
    /// table of some 20,000 jobs that became a hash join over a sequential scan of the whole table.
    struct ClaimStatement: PostgresPreparedStatement {
        static let name = "factwire_claim_v4"
        static let sql = """
            WITH picked AS (
                SELECT id FROM factwire.jobs
                WHERE state = 'available' AND queue = $1
                  AND (SELECT set_config('synchronous_commit', 'off', true)) IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM factwire.queues q WHERE q.name = $1 AND q.paused_at IS NOT NULL)
                  AND kind NOT IN (SELECT l.kind FROM factwire.kind_limits l)
                ORDER BY priority, run_at, id
                LIMIT $2
                FOR UPDATE SKIP LOCKED
            )
            UPDATE factwire.jobs j
            SET \(claimAssignments)
            WHERE j.id = ANY (ARRAY(SELECT id FROM picked))
            \(claimReturning)
            """
        typealias Row = ClaimedJob

        var request: ClaimRequest

        func makeBindings() throws -> PostgresBindings { request.bindings }

        func decodeRow(_ row: PostgresRow) throws -> ClaimedJob {
            try ClaimedJob(row: row, queue: request.queue)
        }
    }

    /// One finished job for ``finish(_:events:on:logger:)``.
    struct Finish: Sendable {
        var id: Int64
        var lease: Int64
        var state: FinalState
        /// JSON text, or "" for none.
        var resultJSON: String

        init(id: Int64, lease: Int64, state: FinalState, resultJSON: String) {
            self.id = id
            self.lease = lease
            self.state = state
            self.resultJSON = Self.storable(resultJSON)
        }

        /// Results larger than this are replaced by their size: history rows and events stay small.
        static let maximumResultBytes = 64 * 1024

        /// A result the finish statement can always store: valid JSON that PostgreSQL's `jsonb` takes,
        /// bounded. A handler's bad result must not fail the whole batch it is finished in.
        static func storable(_ text: String) -> String {
            guard !text.isEmpty else { return "" }
            if text.utf8.count > maximumResultBytes { return #"{"result_too_large_bytes":\#(text.utf8.count)}"# }
            // jsonb refuses the NUL escape even inside strings.
            if !text.contains("\\u0000"), JSONValue(text: text) != nil { return text }
            // Not JSON: kept as a JSON string, so the text is still there to read.
            let cleaned = text.replacingOccurrences(of: "\u{0}", with: "")
            return (try? JSONCoding.string(["invalid_result": cleaned])) ?? "{}"
        }
    }

    /// What a finish statement does besides removing the jobs from `factwire.jobs`: whether it sends their
    /// `factwire_events`, and whether completed jobs go to history (cancelled ones always do).
    struct FinishMode: Sendable, Equatable {
        var events: Bool
        var keepCompleted: Bool
    }

    /// Moves finished jobs (completed or cancelled) to history, fenced by their leases; with
    /// `keepCompleted` off, completed jobs are deleted instead. Returns the ids that were still ours; the
    /// others had lost their lease and changed nothing.
    static func finish(_ items: [Finish], mode: FinishMode, on connection: PostgresConnection, logger: Logger)
        async throws -> Set<Int64>
    {
        guard !items.isEmpty else { return [] }
        return mode.events
            ? try await finish(items, events: WithEvents.self, mode: mode, on: connection, logger: logger)
            : try await finish(items, events: WithoutEvents.self, mode: mode, on: connection, logger: logger)
    }

    private static func finish<Events: FinishEventsMode>(
        _ items: [Finish], events: Events.Type, mode: FinishMode, on connection: PostgresConnection, logger: Logger
    ) async throws -> Set<Int64> {
        let ids =
            mode.keepCompleted
            ? try await connection.rows(FinishStatement<Events, KeepCompleted>(items: items), logger: logger)
            : try await connection.rows(FinishStatement<Events, DeleteCompleted>(items: items), logger: logger)
        return Set(ids)
    }

    /// Whether a finish statement also sends `factwire_events`.
    protocol FinishEventsMode: Sendable {
        static var notify: String { get }
        static var name: String { get }
    }
    enum WithEvents: FinishEventsMode {
        // NOTIFY payloads must stay under 8,000 bytes: a larger result is left out of the event (it is in history).
        static let notify =
            "pg_notify('factwire_events', json_build_object('id', id, 'kind', kind, 'queue', queue, 'state', final_state, 'result', CASE WHEN octet_length(result::text) <= 4000 THEN result END)::text)"
        static let name = "factwire_finish_events_v1"
    }
    enum WithoutEvents: FinishEventsMode {
        static let notify = "NULL"
        static let name = "factwire_finish_v1"
    }

    /// Which finished jobs a finish statement writes to `job_history`.
    protocol FinishHistoryMode: Sendable {
        /// A condition on `done`'s rows.
        static var filter: String { get }
        /// Appended to the statement's name.
        static var suffix: String { get }
    }
    enum KeepCompleted: FinishHistoryMode {
        static let filter = "true"
        static let suffix = ""
    }
    enum DeleteCompleted: FinishHistoryMode {
        static let filter = "final_state <> 'completed'"
        static let suffix = "_nohistory"
    }

    /// Moves finished jobs to history, fenced; a named prepared statement (parsed once per connection).
    struct FinishStatement<Events: FinishEventsMode, History: FinishHistoryMode>: PostgresPreparedStatement {
        static var name: String { Events.name + History.suffix }
        static var sql: String {
            """
            WITH c AS (
                SELECT * FROM unnest($1::int8[], $2::int8[], $3::text[], $4::text[]) AS c(id, lease, final_state, result)
            ), done AS (
                DELETE FROM factwire.jobs j USING c
                WHERE j.id = c.id AND j.lease = c.lease AND j.state = 'running'
                RETURNING j.id, j.queue, j.kind, c.final_state::factwire.final_state AS final_state, j.attempt, j.max_attempts,
                          j.priority, j.args, j.meta, j.errors, NULLIF(c.result, '')::jsonb AS result, j.created_at, j.attempted_at
            ), hist AS (
                INSERT INTO factwire.job_history (id, queue, kind, final_state, attempt, max_attempts, priority, args, meta,
                                                  errors, result, created_at, attempted_at, finalized_at)
                SELECT id, queue, kind, final_state, attempt, max_attempts, priority, args, meta, errors, result,
                       created_at, attempted_at, now()
                FROM done WHERE \(History.filter)
            )
            SELECT id, \(Events.notify)::text FROM done
            """
        }
        typealias Row = Int64
        var items: [Finish]

        func makeBindings() throws -> PostgresBindings {
            try binds(items.map(\.id), items.map(\.lease), items.map(\.state.rawValue), items.map(\.resultJSON))
        }

        /// The id alone: the second column is there to make PostgreSQL send each notification. (A tuple decode of
        /// both took PostgresNIO's parameter-pack path, with type-metadata look-ups per row: 2.8 % of a worker's
        /// samples, no-op jobs.)
        func decodeRow(_ row: PostgresRow) throws -> Int64 {
            var cells = row.makeIterator()
            guard let id = cells.next() else { throw ShortRow(statement: "completion", columns: 0) }
            return try id.decode(Int64.self)
        }
    }

    /// A queue statement's row had fewer columns than this code reads: the statement and the code disagree.
    struct ShortRow: Error, CustomStringConvertible {
        var statement: String
        var columns: Int
        var description: String { "a \(statement) statement returned a row of \(columns) columns, too few" }
    }

    /// Returns a failed job to the queue after `delaySeconds`, recording `error`. Fenced.
    static func retry(
        id: Int64, lease: Int64, delaySeconds: Double, errorJSON: String, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        let rows = try await connection.query(
            """
            UPDATE factwire.jobs
            SET state = CASE WHEN \(delaySeconds) <= 0 THEN 'available'::factwire.job_state ELSE 'retryable' END,
                run_at = now() + make_interval(secs => greatest(\(delaySeconds), 0)),
                lease = NULL, leased_by = NULL, lease_expires_at = NULL, deadline_at = NULL,
                errors = errors || jsonb_build_array(\(errorJSON)::jsonb)
            WHERE id = \(id) AND lease = \(lease) AND state = 'running'
            RETURNING id
            """,
            logger: logger
        )
        return try await rows.decode(Int64.self).reduce(false) { _, _ in true }
    }

    /// Puts a job back to sleep for `delaySeconds` without using up an attempt. Fenced.
    static func snooze(id: Int64, lease: Int64, delaySeconds: Double, on connection: PostgresConnection, logger: Logger)
        async throws -> Bool
    {
        let rows = try await connection.query(
            """
            UPDATE factwire.jobs
            SET state = CASE WHEN \(delaySeconds) <= 0 THEN 'available'::factwire.job_state ELSE 'scheduled' END,
                run_at = now() + make_interval(secs => greatest(\(delaySeconds), 0)),
                max_attempts = max_attempts + 1,
                lease = NULL, leased_by = NULL, lease_expires_at = NULL, deadline_at = NULL
            WHERE id = \(id) AND lease = \(lease) AND state = 'running'
            RETURNING id
            """,
            logger: logger
        )
        return try await rows.decode(Int64.self).reduce(false) { _, _ in true }
    }

    /// Moves a job to the dead letters with `error` as its last error. Fenced.
    static func deadLetter(
        id: Int64, lease: Int64, errorJSON: String, events: Bool, on connection: PostgresConnection, logger: Logger
    ) async throws -> Bool {
        let rows = try await connection.query(
            """
            WITH dead AS (
                DELETE FROM factwire.jobs WHERE id = \(id) AND lease = \(lease) AND state = 'running' RETURNING *
            ), moved AS (
                INSERT INTO factwire.dead_jobs (id, queue, kind, final_state, attempt, max_attempts, priority, args, meta,
                                                errors, created_at, attempted_at, finalized_at, unique_key)
                SELECT id, queue, kind, 'discarded', attempt, max_attempts, priority, args, meta,
                       errors || jsonb_build_array(\(errorJSON)::jsonb), created_at, attempted_at, now(), unique_key
                FROM dead
                RETURNING id, kind, queue
            )
            SELECT id, CASE WHEN \(events) THEN pg_notify('factwire_events',
                json_build_object('id', id, 'kind', kind, 'queue', queue, 'state', 'discarded')::text) END
            FROM moved
            """,
            logger: logger
        )
        return try await rows.decode((Int64, String?).self).reduce(false) { _, _ in true }
    }

    /// Extends the leases of long-running jobs. Returns, per id still ours, whether a cancel was requested.
    static func extend(
        _ leases: [RunningJobs.Attempt], seconds: Double, on connection: PostgresConnection, logger: Logger
    ) async throws -> [RunningJobs.Attempt: Bool] {
        guard !leases.isEmpty else { return [:] }
        let rows = try await connection.query(
            """
            UPDATE factwire.jobs j SET lease_expires_at = now() + make_interval(secs => \(seconds))
            FROM unnest(\(leases.map(\.id))::int8[], \(leases.map(\.lease))::int8[]) AS h(id, lease)
            WHERE j.id = h.id AND j.lease = h.lease AND j.state = 'running'
            RETURNING j.id, j.lease, j.cancel_requested_at IS NOT NULL
            """,
            logger: logger
        )
        var result: [RunningJobs.Attempt: Bool] = [:]
        for try await (id, lease, cancel) in rows.decode((Int64, Int64, Bool).self) {
            result[.init(id: id, lease: lease)] = cancel
        }
        return result
    }

    // MARK: Leader maintenance

    /// Elects or renews; true when `candidate` leads until now + ttl.
    static func elect(candidate: UUID, ttlSeconds: Double, on connection: PostgresConnection, logger: Logger)
        async throws -> Bool
    {
        let rows = try await connection.query(
            """
            INSERT INTO factwire.queue_leader (name, leader_id, elected_at, expires_at)
            VALUES ('default', \(candidate), now(), now() + make_interval(secs => \(ttlSeconds)))
            ON CONFLICT (name) DO UPDATE
              SET leader_id = EXCLUDED.leader_id,
                  elected_at = CASE WHEN factwire.queue_leader.leader_id = EXCLUDED.leader_id
                                    THEN factwire.queue_leader.elected_at ELSE now() END,
                  expires_at = EXCLUDED.expires_at
              WHERE factwire.queue_leader.leader_id = EXCLUDED.leader_id OR factwire.queue_leader.expires_at < now()
            RETURNING leader_id
            """,
            logger: logger
        )
        return try await rows.decode(UUID.self).reduce(false) { _, _ in true }
    }

    static func resign(candidate: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("DELETE FROM factwire.queue_leader WHERE leader_id = \(candidate)", logger: logger)
        let payload = ControlMessage.leaderResignation.payload
        try await connection.query("SELECT pg_notify('factwire_control', \(payload))", logger: logger)
    }

    /// Makes due scheduled and retryable jobs available, waking each queue once. Returns how many moved.
    static func stage(on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.query(
            """
            WITH due AS (
                SELECT id FROM factwire.jobs
                WHERE state IN ('scheduled', 'retryable') AND run_at <= now()
                ORDER BY run_at LIMIT 5000 FOR UPDATE SKIP LOCKED
            ), moved AS (
                UPDATE factwire.jobs j SET state = 'available' FROM due WHERE j.id = due.id RETURNING j.queue
            )
            SELECT count(*)::int8, pg_notify('factwire_jobs', queue) FROM moved GROUP BY queue
            """,
            logger: logger
        )
        var total: Int64 = 0
        for try await (count, _) in rows.decode((Int64, String?).self) { total += count }
        return Int(total)
    }

    /// Returns jobs whose lease or deadline passed to the queue at once (or to the dead letters when
    /// out of attempts); those whose cancel was requested go to history as cancelled instead. The state is re-checked under the row lock. Returns (rescued, dead).
    static func rescue(on connection: PostgresConnection, events: Bool, logger: Logger) async throws -> (
        rescued: Int, dead: Int
    ) {
        // A job whose cancel was requested ends cancelled when its worker is gone: it never runs again.
        let cancelled = try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    WITH expired AS (
                        SELECT id FROM factwire.jobs
                        WHERE state = 'running' AND (lease_expires_at < now() OR deadline_at < now()) AND cancel_requested_at IS NOT NULL
                        LIMIT 1000 FOR UPDATE SKIP LOCKED
                    ), gone AS (
                        DELETE FROM factwire.jobs j USING expired WHERE j.id = expired.id AND j.state = 'running' RETURNING j.*
                    ), moved AS (
                        INSERT INTO factwire.job_history (id, queue, kind, final_state, attempt, max_attempts, priority, args, meta,
                                                          errors, result, created_at, attempted_at, finalized_at)
                        SELECT id, queue, kind, 'cancelled', attempt, max_attempts, priority, args, meta, errors,
                               '{"reason": "cancelled by request; its worker stopped before it could finish"}'::jsonb,
                               created_at, attempted_at, now()
                        FROM gone RETURNING id, kind, queue
                    )
                    SELECT id, CASE WHEN \(events ? "true" : "false") THEN pg_notify('factwire_events',
                        json_build_object('id', id, 'kind', kind, 'queue', queue, 'state', 'cancelled')::text) END FROM moved
                    """),
            logger: logger
        )
        for try await _ in cancelled.decode((Int64, String?).self) {}
        let errorObject = """
            jsonb_build_object('at', now(), 'attempt', j.attempt, 'error',
                CASE WHEN j.deadline_at < now() THEN 'deadline exceeded' ELSE 'lease expired (worker gone or stalled)' END)
            """
        let rescued = try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    WITH expired AS (
                        SELECT id FROM factwire.jobs
                        WHERE state = 'running' AND (lease_expires_at < now() OR deadline_at < now()) AND attempt < max_attempts
                          AND cancel_requested_at IS NULL
                        ORDER BY lease_expires_at LIMIT 1000 FOR UPDATE SKIP LOCKED
                    ), moved AS (
                        UPDATE factwire.jobs j
                        SET state = 'available', run_at = now(), lease = NULL, leased_by = NULL,
                            lease_expires_at = NULL, deadline_at = NULL,
                            errors = j.errors || jsonb_build_array(\(errorObject))
                        FROM expired WHERE j.id = expired.id AND j.state = 'running'
                        RETURNING j.queue
                    )
                    SELECT count(*)::int8, pg_notify('factwire_jobs', queue) FROM moved GROUP BY queue
                    """),
            logger: logger
        )
        var rescuedCount: Int64 = 0
        for try await (count, _) in rescued.decode((Int64, String?).self) { rescuedCount += count }
        let dead = try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    WITH expired AS (
                        SELECT id FROM factwire.jobs
                        WHERE state = 'running' AND (lease_expires_at < now() OR deadline_at < now()) AND attempt >= max_attempts
                          AND cancel_requested_at IS NULL
                        LIMIT 1000 FOR UPDATE SKIP LOCKED
                    ), gone AS (
                        DELETE FROM factwire.jobs j USING expired WHERE j.id = expired.id RETURNING j.*, \(errorObject) AS last_error
                    ), moved AS (
                        INSERT INTO factwire.dead_jobs (id, queue, kind, final_state, attempt, max_attempts, priority, args, meta,
                                                        errors, created_at, attempted_at, finalized_at, unique_key)
                        SELECT id, queue, kind, 'discarded', attempt, max_attempts, priority, args, meta,
                               errors || jsonb_build_array(last_error), created_at, attempted_at, now(), unique_key
                        FROM gone RETURNING id, kind, queue
                    )
                    SELECT id, CASE WHEN \(events ? "true" : "false") THEN pg_notify('factwire_events',
                        json_build_object('id', id, 'kind', kind, 'queue', queue, 'state', 'discarded')::text) END FROM moved
                    """),
            logger: logger
        )
        var deadCount = 0
        for try await _ in dead.decode((Int64, String?).self) { deadCount += 1 }
        return (Int(rescuedCount), deadCount)
    }

    /// Creates upcoming history partitions and drops those past retention. Returns (created, dropped).
    static func maintainPartitions(retentionDays: Int, on connection: PostgresConnection, logger: Logger) async throws
        -> (Int, Int)
    {
        var created: Int32 = 0
        var dropped: Int32 = 0
        for try await n in try await connection.query(
            "SELECT factwire.ensure_job_history_partitions(3)", logger: logger
        ).decode(Int32.self) { created = n }
        for try await n in try await connection.query(
            "SELECT factwire.drop_job_history_partitions(\(Int32(retentionDays)))", logger: logger
        ).decode(Int32.self) { dropped = n }
        return (Int(created), Int(dropped))
    }

    // MARK: Helpers

    static func binds(_ ids: [Int64], _ leases: [Int64], _ states: [String], _ results: [String]) throws
        -> PostgresBindings
    {
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(ids)
        bindings.append(leases)
        bindings.append(states)
        bindings.append(results)
        return bindings
    }
}

/// How a job left the queue for the history table.
enum FinalState: String, Sendable {
    case completed, cancelled, discarded
}

/// Unique keys are stored hashed: SHA-256 of kind, a unit separator (0x1F), and the caller's key —
/// the same in Swift and in `factwire.enqueue(...)`.
/// How a unique key is stored: the SHA-256 of the kind and the caller's key.
@_spi(Testing) public enum UniqueKey {
    /// The stored form (hex) of `key` for jobs of `kind`.
    public static func hex(kind: String, key: String) -> String {
        SHA256.hash(data: Array((kind + "\u{1F}" + key).utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
