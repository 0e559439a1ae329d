import FactwireRuntime
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// The last resort of graceful shutdown: a service that ignores cancellation must not keep the process.
@Suite("Shutdown deadline")
struct ShutdownDeadlineTests {
    /// Ignores cancellation and graceful shutdown alike: runs until the test lets it go.
    final class Stuck: Service, Sendable {
        private let waiter = Mutex<CheckedContinuation<Void, Never>?>(nil)
        private let released = Mutex(false)
        let started = AsyncStream<Void>.makeStream()

        func run() async {
            await withCheckedContinuation { continuation in
                let already = released.withLock { released in
                    if !released { waiter.withLock { $0 = continuation } }
                    return released
                }
                started.continuation.yield()
                if already { continuation.resume() }
            }
        }

        /// Lets the service end; true when it was still running.
        @discardableResult
        func release() -> Bool {
            released.withLock { $0 = true }
            guard
                let continuation = waiter.withLock({ value in
                    defer { value = nil }
                    return value
                })
            else { return false }
            continuation.resume()
            return true
        }
    }

    /// Ends at once, which shuts the group down gracefully.
    struct Quits: Service {
        let after: AsyncStream<Void>
        func run() async { for await _ in after { break } }
    }

    @Test(
        "once shutdown has begun, run returns after the budget while a service still ignores cancellation",
        .timeLimit(.minutes(1)))
    func returnsPastTheBudget() async throws {
        let logger = Logger(label: "shutdown-deadline-test")
        let stuck = Stuck()
        var configuration = ServiceGroupConfiguration(
            services: [
                .init(service: stuck),
                .init(service: Quits(after: stuck.started.stream), successTerminationBehavior: .gracefullyShutdownGroup)
            ],
            logger: logger)
        configuration.maximumGracefulShutdownDuration = .milliseconds(200)
        try await ShutdownDeadline.run(configuration, budget: .milliseconds(500), logger: logger)
        // Returned while the stuck service was still running: only the deadline can have ended the wait.
        #expect(stuck.release())
    }

    /// Fails as soon as it starts, which cancels the group.
    struct Fails: Service {
        struct Failure: Error, Equatable {}
        let after: AsyncStream<Void>
        func run() async throws {
            for await _ in after { break }
            throw Failure()
        }
    }

    @Test(
        "a failing service cancels the group; run returns its error after the budget while another ignores cancellation",
        .timeLimit(.minutes(1)))
    func failureWithAStuckService() async throws {
        let logger = Logger(label: "shutdown-deadline-test")
        let stuck = Stuck()
        let configuration = ServiceGroupConfiguration(
            services: [.init(service: stuck), .init(service: Fails(after: stuck.started.stream))], logger: logger)
        await #expect(throws: Fails.Failure.self) {
            try await ShutdownDeadline.run(configuration, budget: .milliseconds(500), logger: logger)
        }
        #expect(stuck.release())
    }

    @Test("a group that ends by itself returns at once, not at the deadline", .timeLimit(.minutes(1)))
    func groupEndsFirst() async throws {
        let logger = Logger(label: "shutdown-deadline-test")
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        continuation.yield()
        let configuration = ServiceGroupConfiguration(
            services: [.init(service: Quits(after: stream), successTerminationBehavior: .gracefullyShutdownGroup)],
            logger: logger)
        try await ShutdownDeadline.run(configuration, budget: .seconds(600), logger: logger)
    }
}
