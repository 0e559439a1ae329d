import Foundation
import PostgresNIO
import Testing

@testable import FactwireQueue

/// One job's bad result must not hold back the jobs finished in the same completion batch.
@Suite("Completion batches")
struct CompletionBatchTests {
    @Test(
        "a result that is not JSON, one with a NUL escape, and one too large for a NOTIFY complete with their batch; every job completes once"
    )
    func badResultsDoNotPoisonTheBatch() async throws {
        try await QueueHarness.with("w_poison") { h throws in
            let recorder = EventRecorder()
            var registry = JobRegistry()
            registry.register(ReturnsResult())
            let big = #"{"text":""# + String(repeating: "x", count: 20_000) + #""}"#
            var results = (0..<200).map { #"{"n":\#($0)}"# }
            results[50] = "not json {"
            results[100] = #"{"bad":"\u0000"}"#
            results[150] = big
            results[199] = String(repeating: "y", count: 100_000)
            // Enqueued first, claimed and finished together by one worker with many slots.
            _ = try await h.queue.enqueue(
                results.map {
                    try NewJob(queue: "r", kind: ReturnsResult.kind, arguments: ReturnsResult.Arguments(result: $0))
                })
            let worker = JobWorker(
                client: h.client, registry: registry, configuration: h.configuration(["r": 64], recorder: recorder),
                logger: h.logger)
            try await h.running(worker) { _ in
                // A hang guard: alone this takes a second; beside every other suite on a loaded two-core CI
                // machine it once took more than a minute.
                await recorder.wait(for: "200 completions", limit: .seconds(180)) {
                    $0.finishedCount(.completed) >= 200
                }
            }
            #expect(
                try await h.scalar(
                    "SELECT count(*)::int8 FROM factwire.job_history WHERE final_state = 'completed' AND attempt = 1",
                    as: Int64.self) == 200)
            #expect(try await h.scalar("SELECT count(*)::int8 FROM factwire.jobs", as: Int64.self) == 0)
            #expect(
                try await h.scalar(
                    "SELECT result->>'invalid_result' FROM factwire.job_history WHERE args->>'result' = 'not json {'",
                    as: String.self) == "not json {")
            #expect(
                try await h.scalar(
                    "SELECT octet_length(result::text)::int8 FROM factwire.job_history WHERE args->>'result' LIKE '{\"text\"%'",
                    as: Int64.self) ?? 0 > 20_000)
            #expect(
                try await h.scalar(
                    "SELECT (result->>'result_too_large_bytes')::int8 FROM factwire.job_history WHERE args->>'result' LIKE 'yyy%'",
                    as: Int64.self) == 100_000)
        }
    }
}
