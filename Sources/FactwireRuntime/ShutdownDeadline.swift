import FactwireCore
import Foundation
public import Logging
public import ServiceLifecycle
import Synchronization

/// Runs a service group to its end, with a last resort: once the group has begun to end (graceful
/// shutdown, or cancellation because a service failed), ``run(_:budget:logger:)`` returns after `budget`
/// whatever is still running, with the first service error if there was one.
///
/// ServiceLifecycle cancels services after its own budget, but a task that ignores cancellation (a
/// request stuck on a connection that died in a database crash, seen in the restart drills) would keep
/// the group, and so the process, alive until a supervisor's SIGKILL. Past the budget the caller stops
/// waiting for the group, says why, and the command returns to `main`, which exits; no code calls
/// `exit` behind its back. The timer runs on a thread of its own, so a starved task pool cannot stall it.
public enum ShutdownDeadline {
    public static func run(_ configuration: ServiceGroupConfiguration, budget: Duration, logger: Logger) async throws {
        let outcome = FirstOutcome()
        let failure = FirstFailure()
        var configuration = configuration
        for index in configuration.services.indices {
            configuration.services[index].service = Recording(
                base: configuration.services[index].service, failure: failure)
        }
        configuration.services.append(
            .init(service: Timer(budget: budget, logger: logger, outcome: outcome, failure: failure)))
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

    /// Starts the budget's timer when the group begins to end: graceful shutdown, or the cancellation that
    /// follows a service's failure. (A failing service cancels the group rather than shutting it down
    /// gracefully; a service that then ignored cancellation kept `factwire up` with its address in use alive.)
    struct Timer: Service {
        let budget: Duration
        let logger: Logger
        let outcome: FirstOutcome
        let failure: FirstFailure

        func run() async {
            // Returns when graceful shutdown begins, or at once when the group cancels its services.
            try? await gracefulShutdown()
            let (budget, logger, outcome, failure) = (self.budget, self.logger, self.outcome, self.failure)
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: budget.seconds)
                let error = failure.error
                if outcome.resolve(error.map { .failure($0) } ?? .success(())) {
                    logger.error(
                        "the service group did not stop within \(budget) of beginning to; exiting with work still running",
                        metadata: error.map { ["error": "\(String(describing: $0))"] } ?? [:])
                }
            }
        }
    }

    /// A service of the group, with its error recorded before the group sees it.
    struct Recording: Service {
        let base: any Service
        let failure: FirstFailure

        func run() async throws {
            do {
                try await base.run()
            } catch {
                failure.record(error)
                throw error
            }
        }
    }

    /// The first error a service of the group threw.
    final class FirstFailure: Sendable {
        private let first = Mutex<(any Error)?>(nil)

        func record(_ error: any Error) { first.withLock { $0 = $0 ?? error } }
        var error: (any Error)? { first.withLock { $0 } }
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
