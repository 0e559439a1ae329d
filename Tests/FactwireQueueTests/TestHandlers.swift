import FactwireTesting
import Foundation
import PostgresNIO
import Synchronization

@testable import FactwireQueue

/// Completes at once.
struct NoopHandler: JobHandler {
    struct Arguments: Decodable, Sendable {}
    static let kind = "test.noop"
    func handle(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome { .complete() }
}

/// Always fails; retries quickly.
struct AlwaysFails: JobHandler {
    struct Arguments: Decodable, Sendable {}
    static let kind = "test.fails"
    struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
    func handle(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome { throw Boom() }
    func backoff(attempt: Int32) -> Duration { .milliseconds(50) }
}

/// Sleeps until cancelled (or 60 s).
struct SleepsUntilCancelled: JobHandler {
    struct Arguments: Decodable, Sendable {}
    static let kind = "test.sleeps"
    func handle(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome {
        try await Task.sleep(for: .seconds(60))
        return .complete()
    }
}

/// Sleeps a fixed time, ignoring nothing: used for graceful-shutdown tests.
struct SleepsBriefly: JobHandler {
    struct Arguments: Decodable, Sendable { var ms: Int }
    static let kind = "test.brief"
    func handle(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome {
        try await Task.sleep(for: .milliseconds(arguments.ms))
        return .complete(resultJSON: #"{"slept":\#(arguments.ms)}"#)
    }
}

/// Completes with the job metadata of its context's logger as the result: `{"id":…,"kind":…,"queue":…}`.
struct ReportsLoggerMetadata: JobHandler {
    struct Arguments: Decodable, Sendable {}
    static let kind = "test.logger"
    func handle(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome {
        let logger = context.logger
        var fields: [String: String] = [:]
        for (key, name) in [("job.id", "id"), ("job.kind", "kind"), ("queue", "queue")] {
            fields[name] = logger[metadataKey: key].map { "\($0)" }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return .complete(resultJSON: String(decoding: try encoder.encode(fields), as: UTF8.self))
    }
}

/// Attempt 1 waits for the gate, ignoring cancellation, then claims success; later attempts succeed at once.
struct StallsOnFirstAttempt: JobHandler {
    struct Arguments: Decodable, Sendable {}
    static let kind = "test.stalls"
    let gate: Gate
    func handle(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome {
        if context.job.attempt == 1 { await gate.wait() }
        return .complete()
    }
}

/// Writes a row and completes in the same transaction; throws after completing on its first attempt,
/// so that transaction rolls back.
struct WritesTransactionally: JobHandler {
    struct Arguments: Decodable, Sendable { var value: String }
    static let kind = "test.tx"
    let client: PostgresClient
    struct AfterComplete: Error {}
    func handle(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome {
        try await client.withTransaction(logger: context.logger) { connection in
            try await connection.query(
                "INSERT INTO effects (job_id, value) VALUES (\(context.job.id), \(arguments.value))",
                logger: context.logger)
            try await context.complete(on: connection, resultJSON: #"{"wrote":true}"#)
            if context.job.attempt == 1 { throw AfterComplete() }
        }
        return .complete()
    }
    func backoff(attempt: Int32) -> Duration { .milliseconds(10) }
}

/// Blocks until the test releases it, deaf to cancellation: a handler stuck on a dead connection.
struct IgnoresCancellation: JobHandler {
    struct Arguments: Decodable, Sendable {}
    static let kind = "test.ignores-cancellation"
    static let gate = Gate()
    static func release() { gate.open() }
    func handle(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome {
        await Self.gate.wait()
        return .complete()
    }
}

/// Completes with the result text its arguments give, whatever it is.
struct ReturnsResult: JobHandler {
    struct Arguments: Codable, Sendable { var result: String }
    static let kind = "test.result"
    func handle(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome {
        .complete(resultJSON: arguments.result)
    }
}

extension NewJob {
    /// This job with a unique key.
    func with(uniqueKey: String) -> NewJob {
        var job = self
        job.uniqueKey = uniqueKey
        return job
    }
}
