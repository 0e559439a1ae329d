import FactwireTesting
import Foundation
import PostgresNIO
import Testing

@testable import FactwireQueue

/// The claim's cached generic plan reads the fetch index in order, even when the statistics are the worst
/// a busy queue leaves behind: gathered while the jobs table was empty, and none at all for `kind_limits`.
@Suite("Claim plan", .timeLimit(.minutes(3)))
struct ClaimPlanTests {
    @Test(
        "with stale statistics and with fresh ones, the generic plan of the claim reads the fetch index, sorts nothing and updates through the primary key"
    )
    func genericPlanUsesTheIndex() async throws {
        try await QueueHarness.with("claim_plan") { h throws in
            // Statistics of an empty table, then a backlog they know nothing about; autovacuum must not
            // refresh them halfway (it did on a slow machine).
            _ = try await h.client.query("ALTER TABLE factwire.jobs SET (autovacuum_enabled = off)", logger: h.logger)
            _ = try await h.client.query("VACUUM ANALYZE factwire.jobs", logger: h.logger)
            var enqueued = 0
            while enqueued < 20_000 {
                _ = try await h.queue.enqueue(
                    Array(repeating: NewJob(queue: "backlog", kind: NoopHandler.kind), count: 5_000))
                enqueued += 5_000
            }
            func genericPlan() async throws -> String {
                let lines = try await h.client.withConnection { connection -> [String] in
                    // The plan a prepared claim settles on after its first executions.
                    _ = try await connection.query("SET plan_cache_mode = force_generic_plan", logger: h.logger)
                    _ = try await connection.query(
                        PostgresQuery(
                            unsafeSQL: "PREPARE claim(text, int8, uuid, float8, float8, text[], float8[]) AS "
                                + QueueSQL.ClaimStatement.sql), logger: h.logger)
                    let rows = try await connection.query(
                        "EXPLAIN EXECUTE claim('backlog', 100, gen_random_uuid(), 30, 900, '{}', '{}')",
                        logger: h.logger)
                    var lines: [String] = []
                    for try await line in rows.decode(String.self) { lines.append(line) }
                    _ = try await connection.query("DEALLOCATE claim", logger: h.logger)
                    _ = try await connection.query("RESET plan_cache_mode", logger: h.logger)
                    return lines
                }
                return lines.joined(separator: "\n")
            }
            let stale = try await genericPlan()
            // The statistics a busy queue has once autovacuum caught up: a table of 20,000 available jobs.
            _ = try await h.client.query("ANALYZE factwire.jobs", logger: h.logger)
            let fresh = try await genericPlan()
            for text in [stale, fresh] {
                #expect(text.contains("jobs_fetch_idx"), "\(text)")
                #expect(
                    text.contains("Index Scan on jobs_pkey") || text.contains("Index Scan using jobs_pkey on jobs j"),
                    "\(text)")
                #expect(!text.contains("Sort"), "\(text)")
                #expect(!text.contains("Anti Join"), "\(text)")
                #expect(!text.contains("Seq Scan on jobs"), "\(text)")
            }
        }
    }

    @Test("a claim turns off synchronous_commit for its own transaction only")
    func claimCommitsAsynchronously() async throws {
        try await QueueHarness.with("claim_async") { h throws in
            _ = try await h.queue.enqueue(NewJob(queue: "async", kind: NoopHandler.kind))
            let request = QueueSQL.ClaimRequest(
                queue: "async", limit: 10, workerID: UUID(), leaseSeconds: 30, deadlineSeconds: 900)
            // One connection, its session setting "on" (the test cluster's default is off), the claim in a transaction.
            let (claimed, inside, after) = try await h.client.withConnection { connection in
                func setting() async throws -> String {
                    let rows = try await connection.query("SHOW synchronous_commit", logger: h.logger)
                    for try await value in rows.decode(String.self) { return value }
                    return ""
                }
                _ = try await connection.query("SET synchronous_commit = on", logger: h.logger)
                _ = try await connection.query("BEGIN", logger: h.logger)
                let claimed = try await QueueSQL.claim(request, limited: false, on: connection, logger: h.logger)
                let inside = try await setting()
                _ = try await connection.query("COMMIT", logger: h.logger)
                let after = try await setting()
                _ = try await connection.query("RESET synchronous_commit", logger: h.logger)
                return (claimed.jobs.count, inside, after)
            }
            #expect(claimed == 1)
            #expect(inside == "off")
            #expect(after == "on")
        }
    }
}
