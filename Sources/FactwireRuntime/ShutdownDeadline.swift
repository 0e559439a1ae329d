import FactwireCore
import Foundation
public import Logging
public import ServiceLifecycle
import Synchronization

/// Runs a service group to its end, with a last resort for graceful shutdown: once shutdown has begun,
/// ``run(_:budget:logger:)`` returns after `budget` whatever is still running.
///
/// ServiceLifecycle cancels services after its own budget, but a task that ignores cancellation (a
/// request stuck on a connection that died in a database crash, seen in the restart drills) would keep
/// the group, and so the process, alive until a supervisor's SIGKILL. Past the budget the caller stops
/// waiting for the group, says why, and the command returns to `main`, which exits; no code calls
/// `exit` behind its back. The timer runs on a thread of its own, so a starved task pool cannot stall it.
public enum ShutdownDeadline {
    public static func run(_ configuration: ServiceGroupConfiguration, budget: Duration, logger: Logger) async throws {
        let outcome = FirstOutcome()
        var configuration = configuration
        configuration.services.append(.init(service: Timer(budget: budget, logger: logger, outcome: outcome)))
        let group = ServiceGroup(configuration: configuration)
        let running = Task {
            do {
                try await group.run()
                outcome.resolve(.success(()))
            } catch {
                outcome.resolve(.failure(error))
            }
        }
        try await withTaskCancellationHandler {
            try await outcome.value()
        } onCancel: {
            running.cancel()
        }
    }

    /// Starts the budget's timer when graceful shutdown begins.
    struct Timer: Service {
        let budget: Duration
        let logger: Logger
        let outcome: FirstOutcome

        func run() async {
            let (budget, logger, outcome) = (self.budget, self.logger, self.outcome)
            await withGracefulShutdownHandler {
                try? await gracefulShutdown()
            } onGracefulShutdown: {
                Thread.detachNewThread {
                    Thread.sleep(forTimeInterval: budget.seconds)
                    if outcome.resolve(.success(())) {
                        logger.error(
                            "graceful shutdown did not finish within \(budget); exiting with work still running")
                    }
                }
            }
        }
    }

    /// The group's end or the deadline, whichever comes first; awaited once.
    final class FirstOutcome: Sendable {
        private struct State {
            var result: Result<Void, any Error>?
            var waiter: CheckedContinuation<Void, any Error>?
        }
        private let state = Mutex(State())

        /// Records `result` unless one is recorded already; true when this call decided.
        @discardableResult
        func resolve(_ result: Result<Void, any Error>) -> Bool {
            let (decided, waiter) = state.withLock { state -> (Bool, CheckedContinuation<Void, any Error>?) in
                guard state.result == nil else { return (false, nil) }
                state.result = result
                defer { state.waiter = nil }
                return (true, state.waiter)
            }
            waiter?.resume(with: result)
            return decided
        }

        func value() async throws {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let ready = state.withLock { state -> Result<Void, any Error>? in
                    if let result = state.result { return result }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        }
    }
}
