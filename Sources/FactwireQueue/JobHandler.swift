import Foundation

/// Runs jobs of one kind.
///
/// Arguments are decoded from the job's JSON into `Arguments`. Return a ``JobOutcome``; a thrown error
/// retries with ``backoff(attempt:)`` until the attempts run out, then dead-letters.
public protocol JobHandler: Sendable {
    /// The handler's arguments.
    associatedtype Arguments: Decodable & Sendable
    /// The job kind this handler runs.
    static var kind: String { get }
    /// Runs one attempt.
    func handle(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome
    /// The delay before retrying after attempt `attempt` failed. Default: ``Backoff/exponential(attempt:)``.
    func backoff(attempt: Int32) -> Duration
    /// The longest one attempt of this kind may run, instead of the worker's
    /// ``JobWorker/Configuration/deadline``: the attempt is then cancelled (abandoned if it ignores that)
    /// and retried. It is written as the job's `deadline_at` at the claim, so the rescuer enforces it
    /// too when the worker is gone. Default nil: the worker's deadline.
    var timeout: Duration? { get }
}

extension JobHandler {
    public func backoff(attempt: Int32) -> Duration { Backoff.exponential(attempt: attempt) }
    public var timeout: Duration? { nil }
}

/// Retry delays.
public enum Backoff {
    /// `min(1 h, 1 s · 2^(attempt−1))` with full jitter (a random delay from half to all of it), so
    /// failures spread out instead of retrying in lockstep.
    public static func exponential(attempt: Int32, base: Duration = .seconds(1), cap: Duration = .seconds(3600))
        -> Duration
    {
        let exponent = Double(max(0, min(attempt - 1, 30)))
        let full = min(base * pow(2, exponent), cap)
        return full * Double.random(in: 0.5...1.0)
    }
}

/// Handlers by kind, with their argument decoding erased.
public struct JobRegistry: Sendable {
    struct Entry: Sendable {
        var run: @Sendable (ClaimedJob, JobContext) async throws -> JobOutcome
        var backoff: @Sendable (Int32) -> Duration
        var timeout: Duration?
    }

    private(set) var entries: [String: Entry] = [:]

    /// An empty registry.
    public init() {}

    /// Registers `handler` for its kind (replacing any earlier one).
    public mutating func register<Handler: JobHandler>(_ handler: Handler) {
        let decoder = JSONDecoder()
        entries[Handler.kind] = Entry(
            run: { job, context in
                let arguments: Handler.Arguments
                do {
                    arguments = try decoder.decode(Handler.Arguments.self, from: Data(job.argumentsJSON.utf8))
                } catch {
                    throw FactwireQueueError(
                        .badArguments,
                        message: "arguments of job \(job.id) do not fit \(Handler.kind): \(error)", jobID: job.id
                    )
                }
                return try await handler.handle(arguments, context: context)
            },
            backoff: { handler.backoff(attempt: $0) },
            timeout: handler.timeout
        )
    }

    /// The kinds with a handler.
    public var kinds: [String] { entries.keys.sorted() }

    /// Runs `job` with its kind's handler, decoding its arguments as a worker does (FactwireQueueTesting).
    @_spi(Testing) public func run(_ job: ClaimedJob, context: JobContext) async throws -> JobOutcome {
        guard let entry = entries[job.kind] else {
            throw FactwireQueueError(.unknownKind, message: "no handler for kind '\(job.kind)'", jobID: job.id)
        }
        return try await entry.run(job, context)
    }
}
