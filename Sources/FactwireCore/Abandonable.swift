import Synchronization

/// Runs work that might not honour cancellation, without letting it hold its caller hostage.
///
/// A job handler stuck on a connection the driver has not noticed is dead (seen after a PostgreSQL
/// crash) ignores cancellation; awaited directly, it would keep its job's lease alive by heartbeat and
/// keep the worker from ever shutting down. Here the work runs on its own task: when the caller is
/// cancelled, the work is cancelled too and gets `grace` to finish; after that the caller stops
/// waiting and the work is left to end whenever it lets go. Its late writes are harmless when they are
/// fenced by the job's lease, as `JobContext.complete(on:)` is.
public enum Abandonable {
    /// Thrown to the caller when the work did not finish within the grace period after cancellation.
    public struct Abandoned: Error, CustomStringConvertible {
        public var grace: Duration
        public var description: String {
            "the handler did not stop within \(grace) of being cancelled; it was abandoned"
        }
    }

    /// Runs `operation`; when the caller is cancelled, cancels it and waits at most `grace` for it before
    /// throwing ``Abandoned``. `onAbandon` runs when the work is given up, for example to close the
    /// connection it is stuck on so that the pool can shut down.
    public static func run<T: Sendable>(
        grace: Duration,
        onAbandon: @escaping @Sendable () -> Void = {},
        _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await run(timeout: nil, grace: grace, onAbandon: onAbandon, operation)
    }

    /// Thrown when the work did not return within its time limit (it was cancelled, and abandoned if it
    /// ignored that too).
    public struct TimedOut: Error, CustomStringConvertible {
        public var limit: Duration
        public var description: String { "no answer within \(limit); the call was cancelled" }
    }

    /// Runs `operation` with a time limit, too. A database call on a connection that died without the
    /// driver noticing never returns; bounded like this, the caller gets ``TimedOut`` and can retry on
    /// another connection instead of waiting forever.
    public static func run<T: Sendable>(
        timeout: Duration?, grace: Duration,
        onAbandon: @escaping @Sendable () -> Void = {},
        _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let outcome = OneShotResult<T>()
        // The work hands its result over itself: a second task awaiting it would double the tasks made per
        // job and per database call (the worker's busiest path). A result that comes before the caller
        // waits is kept for it. The work starts at once on the caller's thread (`Task.immediate`) and leaves
        // it only at its first suspension: a job or a database call no longer waits for a thread of the pool
        // to pick up a task that is already made (that hop cost the queue a quarter of its throughput).
        let work = Task.immediate {
            do {
                outcome.resume(with: .success(try await operation()))
            } catch {
                outcome.resume(with: .failure(error))
            }
        }
        // Only a timer sets it: work without a time limit (every job) allocates none.
        let expired = timeout.map { _ in ExpiryFlag() }
        let giveUp: @Sendable (any Error) -> Void = { error in
            work.cancel()
            Task {
                try? await Task.sleep(for: grace)
                if outcome.resume(with: .failure(error)) { onAbandon() }
            }
        }
        let timer = timeout.map { limit in
            Task {
                try await Task.sleep(for: limit)
                expired?.set()
                giveUp(TimedOut(limit: limit))
            }
        }
        defer { timer?.cancel() }
        do {
            return try await withTaskCancellationHandler {
                try await withUnsafeThrowingContinuation { continuation in
                    outcome.arm(continuation)
                }
            } onCancel: {
                giveUp(Abandoned(grace: grace))
            }
        } catch {
            // Cut off by the timer: whether the work then threw CancellationError or was abandoned.
            if let timeout, expired?.isSet == true { throw TimedOut(limit: timeout) }
            throw error
        }
    }
}

/// Set once, read from anywhere.
final class ExpiryFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .relaxed) }
    var isSet: Bool { value.load(ordering: .relaxed) }
}

/// A continuation resumed at most once, by whichever of its resumers comes first; a result that
/// arrives before the continuation is armed is kept for it.
///
/// Unsafe rather than checked continuations: the lock below is what guarantees one resume, and the checked
/// kind's bookkeeping (an allocation and a metadata look-up per resume) was measurable on the queue's per-job
/// path. `AbandonableTests` cover each order in which the resumers can arrive.
final class OneShotResult<T: Sendable>: Sendable {
    private struct State {
        var continuation: UnsafeContinuation<T, any Error>?
        var early: Result<T, any Error>?
        var done = false
    }
    private let state = Mutex(State())

    func arm(_ continuation: UnsafeContinuation<T, any Error>) {
        let early = state.withLock { state -> Result<T, any Error>? in
            if let early = state.early {
                state.done = true
                return early
            }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    /// Resumes the waiter with `result` unless a result came first; true when this one decided.
    @discardableResult
    func resume(with result: Result<T, any Error>) -> Bool {
        let (decided, continuation) = state.withLock { state -> (Bool, UnsafeContinuation<T, any Error>?) in
            guard !state.done, state.early == nil else { return (false, nil) }
            if let continuation = state.continuation {
                state.continuation = nil
                state.done = true
                return (true, continuation)
            }
            state.early = result
            return (true, nil)
        }
        continuation?.resume(with: result)
        return decided
    }
}
