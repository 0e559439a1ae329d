import FactwireCore
import FactwireTesting
import Testing

@testable import FactwireQueue

/// `Abandonable.run` hands over what the work returns or throws, however quickly it ends, and gives up
/// on work that ignores cancellation once its grace has passed.
@Suite("Abandonable work", .timeLimit(.minutes(1)))
struct AbandonableTests {
    struct Refused: Error {}

    @Test("a result that is ready before the caller waits, a late one, and a thrown error each reach the caller")
    func results() async throws {
        for _ in 0..<1_000 {
            #expect(try await Abandonable.run(grace: .seconds(1)) { 42 } == 42)
        }
        let late = try await Abandonable.run(grace: .seconds(1)) { () async throws -> String in
            try await Task.sleep(for: .milliseconds(20))
            return "late"
        }
        #expect(late == "late")
        await #expect(throws: Refused.self) {
            try await Abandonable.run(grace: .seconds(1)) { () async throws -> Int in throw Refused() }
        }
    }

    @Test("cancelled work that stops is reported as it ends; work that ignores it is abandoned after the grace")
    func cancellation() async throws {
        let stops = Task {
            try await Abandonable.run(grace: .seconds(5)) { () async throws -> Int in
                try await Task.sleep(for: .seconds(30))
                return 1
            }
        }
        stops.cancel()
        await #expect(throws: CancellationError.self) { try await stops.value }

        let abandoned = AsyncStream<Void>.makeStream()
        // Work that ignores cancellation: it waits on a gate (a continuation with no cancellation handler) that
        // opens only after the caller has given up on it, so it cannot end first however loaded the machine is.
        let gate = Gate()
        let ignores = Task {
            try await Abandonable.run(
                grace: .milliseconds(100), onAbandon: { abandoned.continuation.yield() }
            ) {
                () async throws -> Int in
                await gate.wait()
                return 2
            }
        }
        ignores.cancel()
        await #expect(throws: Abandonable.Abandoned.self) { try await ignores.value }
        gate.open()
        // `onAbandon` runs right after the caller is resumed, on the task that gave up: the test waits for it
        // (the suite's time limit catches a run where it never comes).
        for await _ in abandoned.stream { break }
    }
}
