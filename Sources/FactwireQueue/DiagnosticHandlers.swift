import Foundation

/// Job kinds built into every worker for smoke tests, benchmarks and fault drills.
public enum DiagnosticHandlers {
    /// Completes at once.
    struct Noop: JobHandler {
        struct Arguments: Decodable, Sendable {}
        static let kind = "factwire.noop"
        func handle(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome { .complete() }
    }

    /// Sleeps `ms` milliseconds (cooperatively: a cancel stops it), then completes. With `attempts`,
    /// sleeps only on attempts up to that number and completes at once after (for crash drills).
    struct Sleep: JobHandler {
        struct Arguments: Decodable, Sendable {
            var ms: Int
            var attempts: Int32?
        }
        static let kind = "factwire.sleep"
        func handle(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome {
            if context.job.attempt <= arguments.attempts ?? .max {
                try await Task.sleep(for: .milliseconds(arguments.ms))
            }
            return .complete()
        }
    }

    /// Fails its first `times` attempts, then completes.
    struct Fail: JobHandler {
        struct Arguments: Decodable, Sendable { var times: Int32 }
        static let kind = "factwire.fail"
        struct Planned: Error, CustomStringConvertible { var description: String }
        func handle(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome {
            if context.job.attempt <= arguments.times {
                throw Planned(description: "planned failure \(context.job.attempt) of \(arguments.times)")
            }
            return .complete()
        }
        func backoff(attempt: Int32) -> Duration { .milliseconds(10) }
    }

    /// Registers the three kinds (`factwire.noop`, `factwire.sleep`, `factwire.fail`).
    public static func register(in registry: inout JobRegistry) {
        registry.register(Noop())
        registry.register(Sleep())
        registry.register(Fail())
    }
}
