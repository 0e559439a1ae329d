import FactwireTesting
import Foundation
import PostgresNIO
import Testing

@testable import FactwireQueue

@Suite("Enqueue")
struct EnqueueTests {
    @Test("one job, then 10,000 in one call: distinct ids in input order, all available")
    func singleAndBatch() async throws {
        try await QueueHarness.with("enq_batch") { h throws in
            let one = try await h.queue.enqueue(NewJob(kind: "k", argumentsJSON: #"{"n":0}"#))
            #expect(one.inserted)
            let jobs = (1...10_000).map { NewJob(queue: "bulk", kind: "k", argumentsJSON: #"{"n":\#($0)}"#) }
            let result = try await h.queue.enqueue(jobs)
            #expect(result.count == 10_000)
            #expect(Set(result.map(\.id)).count == 10_000)
            #expect(result.map(\.id) == result.map(\.id).sorted())
            #expect(
                try await h.scalar(
                    "SELECT count(*)::int8 FROM factwire.jobs WHERE queue = 'bulk' AND state = 'available'",
                    as: Int64.self) == 10_000)
            let n = try await h.scalar(
                "SELECT (args->>'n')::int8 FROM factwire.jobs WHERE id = \(result[41].id)", as: Int64.self)
            #expect(n == 42)
        }
    }

    @Test("a unique key gives the live job's id back instead of a second job, in a batch and across calls")
    func uniqueKeys() async throws {
        try await QueueHarness.with("enq_unique") { h throws in
            var job = NewJob(kind: "ingest", argumentsJSON: #"{"doc":1}"#)
            job.uniqueKey = "doc-1"
            let first = try await h.queue.enqueue(job)
            let again = try await h.queue.enqueue(job)
            #expect(first.inserted && !again.inserted)
            #expect(again.id == first.id)

            var other = job
            other.uniqueKey = "doc-2"
            let plain = NewJob(kind: "ingest")
            let batch = try await h.queue.enqueue([other, job, plain, other])
            #expect(batch.map(\.inserted) == [true, false, true, false])
            #expect(batch[1].id == first.id)
            #expect(batch[3].id == batch[0].id)
            // Same key under another kind is a different job.
            var otherKind = job
            otherKind.kind = "reprocess"
            #expect(try await h.queue.enqueue(otherKind).inserted)
        }
    }

    @Test("jobs enqueued in a transaction that rolls back do not exist; committed ones do")
    func transactional() async throws {
        try await QueueHarness.with("enq_tx") { h throws in
            struct Abort: Error {}
            await #expect(throws: (any Error).self) {
                try await h.client.withTransaction(logger: h.logger) { connection in
                    try await h.queue.enqueue([NewJob(queue: "tx", kind: "k")], on: connection)
                    throw Abort()
                }
            }
            #expect(
                try await h.scalar("SELECT count(*)::int8 FROM factwire.jobs WHERE queue = 'tx'", as: Int64.self) == 0)
            try await h.client.withTransaction(logger: h.logger) { connection in
                _ = try await h.queue.enqueue([NewJob(queue: "tx", kind: "k")], on: connection)
            }
            #expect(
                try await h.scalar("SELECT count(*)::int8 FROM factwire.jobs WHERE queue = 'tx'", as: Int64.self) == 1)
        }
    }

    @Test("a delayed job is scheduled, not available")
    func delayed() async throws {
        try await QueueHarness.with("enq_delay") { h throws in
            var job = NewJob(kind: "k")
            job.delay = .seconds(3600)
            let id = try await h.queue.enqueue(job).id
            #expect(try await h.queue.job(id: id)?.status == .scheduled)
        }
    }

    @Test("the SQL function enqueues, wakes, and shares unique keys with the Swift client")
    func sqlFunction() async throws {
        try await QueueHarness.with("enq_sql") { h throws in
            let id = try #require(
                try await h.scalar(
                    #"SELECT factwire.enqueue('scripts', 'ingest', '{"doc": 7}'::jsonb, unique_key => 'doc-7')"#,
                    as: Int64.self
                ))
            var job = NewJob(queue: "scripts", kind: "ingest", argumentsJSON: #"{"doc":7}"#)
            job.uniqueKey = "doc-7"
            let fromSwift = try await h.queue.enqueue(job)
            #expect(!fromSwift.inserted)
            #expect(fromSwift.id == id)
            let again = try await h.scalar(
                #"SELECT factwire.enqueue('scripts', 'ingest', '{}'::jsonb, unique_key => 'doc-7')"#, as: Int64.self)
            #expect(again == id)
            let snapshot = try #require(try await h.queue.job(id: id))
            #expect(snapshot.status == .available)
            #expect(snapshot.argumentsJSON.contains("7"))
        }
    }

    @Test(
        "bad requests are refused with a clear message",
        arguments: [
            NewJob(queue: "", kind: "k"), NewJob(queue: String(repeating: "q", count: 200), kind: "k"), NewJob(kind: "")
        ])
    func refused(job: NewJob) async throws {
        _ = try await QueueHarness.with("enq_bad") { h throws in
            await #expect(throws: FactwireQueueError.self) { try await h.queue.enqueue(job) }
        }
    }

    @Test("SQL in job fields is stored as data")
    func injection() async throws {
        try await QueueHarness.with("enq_inject") { h throws in
            let evil = "q'; DROP TABLE factwire.jobs; --"
            let id = try await h.queue.enqueue(
                NewJob(queue: evil, kind: evil, argumentsJSON: #"{"x":"'); DROP TABLE x; --"}"#)
            ).id
            #expect(try await h.queue.job(id: id)?.queue == evil)
        }
    }
}
