import FactwireTesting
import Logging
import Synchronization
import Testing

@testable import FactwireAPI

/// The availability gate's probe loop: a probe that hangs counts as failed after the gate's timeout, and a
/// probe that ignores cancellation does not keep the loop (and with it the query worker) from ending.
@Suite("Database availability gate", .timeLimit(.minutes(1)))
struct DatabaseGateTests {
    let logger = Logger(label: "gate-tests")

    struct Refused: Error {}

    @Test("cancelled while a probe ignores cancellation, the loop still ends (the probe is abandoned after its grace)")
    func endsWhileProbeHangs() async throws {
        let stuck = Gate()
        defer { stuck.open() }
        let probing = Gate()
        let calls = Atomic<Int>(0)
        // The first probe fails, the second hangs: were the cancelled second probe counted as a failure, the two
        // in a row would close the gate.
        let gate = DatabaseGate(
            probe: {
                if calls.add(1, ordering: .relaxed).newValue == 1 { throw Refused() }
                probing.open()
                await stuck.wait()
            }, timeout: .seconds(600), interval: .milliseconds(10), logger: logger)
        let ended = Atomic<Bool>(false)
        let loop = Task {
            await gate.run()
            ended.store(true, ordering: .relaxed)
        }
        await probing.wait()
        loop.cancel()
        // Before the loop bounded its probes it never ended here: a query worker that could not listen waited
        // for ever. Polled rather than awaited, so that a regression fails instead of hanging the suite.
        try await Poll.until("the probe loop ends after cancellation", limit: .seconds(30)) {
            ended.load(ordering: .relaxed)
        }
        #expect(gate.isUp, "a probe cut short by cancellation says nothing about the database")
    }

    @Test("a probe that does not answer within the timeout fails: two in a row close the gate; an answer opens it")
    func hangingProbeCloses() async throws {
        let stuck = Gate()
        defer { stuck.open() }
        let gate = DatabaseGate(
            probe: { await stuck.wait() }, timeout: .milliseconds(100), interval: .milliseconds(10), logger: logger)
        let loop = Task { await gate.run() }
        defer { loop.cancel() }
        try await Poll.until("the gate closes", limit: .seconds(30)) { !gate.isUp }
        stuck.open()
        try await Poll.until("the gate opens again", limit: .seconds(30)) { gate.isUp }
    }
}
