import FactwireTesting
import Foundation
import PostgresNIO
import Testing

@testable import FactwireQueue

/// Job history keeps working after days with no worker running (no leader made partitions ahead).
@Suite("History partitions heal")
struct PartitionHealingTests {
    @Test(
        "with the upcoming partitions gone and completions in the default partition, a starting worker makes the partitions, moves the rows and applies retention"
    )
    func healsAtStart() async throws {
        try await QueueHarness.with("w_heal") { h throws in
            // As after four idle days: no daily partitions, and completions sitting in the default one.
            let rows = try await h.client.query(
                """
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'factwire.job_history'::regclass AND c.relname ~ '^job_history_[0-9]{8}$'
                """,
                logger: h.logger
            )
            var partitions: [String] = []
            for try await name in rows.decode(String.self) { partitions.append(name) }
            #expect(!partitions.isEmpty)
            for name in partitions {
                _ = try await h.client.query(PostgresQuery(unsafeSQL: "DROP TABLE factwire.\(name)"), logger: h.logger)
            }
            for (id, daysAgo) in [(900_001, 0), (900_002, 0), (900_003, 3)] {
                _ = try await h.client.query(
                    """
                    INSERT INTO factwire.job_history (id, queue, kind, final_state, attempt, max_attempts, priority, args, meta, errors, created_at, finalized_at)
                    VALUES (\(Int64(id)), 'h', 'test.noop', 'completed', 1, 3, 0, '{}', '{}', '[]', now(), now() - make_interval(days => \(Int32(daysAgo))))
                    """,
                    logger: h.logger
                )
            }
            #expect(try await h.scalar("SELECT count(*)::int8 FROM factwire.job_history_default", as: Int64.self) == 3)

            let recorder = EventRecorder()
            var configuration = h.configuration(["h": 2], recorder: recorder)
            configuration.retentionDays = 2
            let worker = JobWorker(
                client: h.client, registry: WorkerTests.registry(), configuration: configuration, logger: h.logger)
            let today = try #require(
                try await h.scalar(
                    "SELECT 'job_history_' || to_char((now() AT TIME ZONE 'UTC')::date, 'YYYYMMDD')", as: String.self))
            try await h.running(worker) { _ in
                try await Poll.until("the starting worker empties the default partition", limit: .seconds(120)) {
                    try await h.scalar("SELECT count(*)::int8 FROM factwire.job_history_default", as: Int64.self) == 0
                }
                let id = try await h.queue.enqueue(NewJob(queue: "h", kind: NoopHandler.kind)).id
                await recorder.wait(for: "the new job") { $0.hasFinished(id, .completed) }
                let holder = try await h.scalar(
                    "SELECT tableoid::regclass::text FROM factwire.job_history WHERE id = \(id)", as: String.self)
                #expect(
                    holder?.hasSuffix(today) == true, "the job's history row is in \(holder ?? "nothing"), not \(today)"
                )
            }
            #expect(try await h.scalar("SELECT count(*)::int8 FROM factwire.job_history_default", as: Int64.self) == 0)
            // Today's moved rows are in today's partition; the three-day-old one was dropped with its partition.
            #expect(
                try await h.scalar(
                    "SELECT count(*)::int8 FROM factwire.\(unescaped: today) WHERE id IN (900001, 900002)",
                    as: Int64.self) == 2)
            #expect(
                try await h.scalar("SELECT count(*)::int8 FROM factwire.job_history WHERE id = 900003", as: Int64.self)
                    == 0)
        }
    }
}
