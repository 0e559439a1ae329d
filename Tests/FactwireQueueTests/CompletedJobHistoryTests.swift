import Foundation
import PostgresNIO
import Testing

@testable import FactwireQueue

/// `keepCompletedJobs = false`: completed jobs leave no history row, on both completion paths (the batch finisher
/// and a handler's own transaction), while cancelled and dead-lettered jobs are still recorded.
@Suite("Completed jobs without history")
struct CompletedJobHistoryTests {
    @Test(
        "with keepCompletedJobs off, completed jobs are deleted (batched and transactional, effects once); a cancelled and a dead-lettered job are still recorded"
    )
    func completedJobsAreDeleted() async throws {
        try await QueueHarness.with("w_nohistory") { h throws in
            try await h.client.query("CREATE TABLE effects (job_id bigint, value text)", logger: h.logger)
            let recorder = EventRecorder()
            let registry = WorkerTests.registry { $0.register(WritesTransactionally(client: h.client)) }
            var configuration = h.configuration(["d": 8], recorder: recorder)
            configuration.keepCompletedJobs = false
            let worker = JobWorker(client: h.client, registry: registry, configuration: configuration, logger: h.logger)

            let noops = try await h.queue.enqueue((0..<50).map { _ in NewJob(queue: "d", kind: NoopHandler.kind) })
                .map(\.id)
            // Completes inside its own transaction; the first attempt throws after completing, so it rolls back.
            let transactional = try await h.queue.enqueue(
                NewJob(queue: "d", kind: WritesTransactionally.kind, argumentsJSON: #"{"value":"once"}"#)
            ).id
            var failing = NewJob(queue: "d", kind: AlwaysFails.kind)
            failing.maxAttempts = 1
            let dead = try await h.queue.enqueue(failing).id
            let cancelled = try await h.queue.enqueue(NewJob(queue: "d", kind: SleepsUntilCancelled.kind)).id

            try await h.running(worker) { _ in
                await recorder.wait(for: "the sleeping job to start") { $0.startedIDs().contains(cancelled) }
                try await h.queue.cancel(id: cancelled)
                await recorder.wait(for: "every job to finish") { events in
                    events.finishedCount(.completed) == noops.count + 1 && events.hasFinished(dead, .discarded)
                        && events.hasFinished(cancelled, .cancelled)
                }
            }

            #expect(try await h.scalar("SELECT count(*)::int8 FROM factwire.jobs", as: Int64.self) == 0)
            #expect(
                try await h.scalar(
                    "SELECT count(*)::int8 FROM factwire.job_history WHERE final_state = 'completed'", as: Int64.self)
                    == 0)
            #expect(try await h.queue.job(id: noops[0]) == nil)
            #expect(try await h.queue.job(id: transactional) == nil)
            // The transactional job's write happened once: its rolled-back first attempt left nothing.
            #expect(try await h.scalar("SELECT count(*)::int8 FROM effects", as: Int64.self) == 1)
            #expect(try await h.queue.job(id: cancelled)?.status == .cancelled)
            #expect(try await h.queue.job(id: dead)?.status == .discarded)
        }
    }
}
