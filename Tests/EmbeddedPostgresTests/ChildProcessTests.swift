import Foundation
import Testing

@testable import EmbeddedPostgres

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Waiting for a child must end: a test that waits on a worker which never exits is stopped by its time limit
/// (a task cancellation) instead of hanging the whole run.
@Suite("Child processes")
struct ChildProcessTests {
    /// The statuses of a child stopped at its limit: SIGQUIT ends a shell or `sleep`, SIGKILL whatever outlives it.
    static let stopped: Set<Int32> = [128 + SIGQUIT, 128 + SIGKILL]

    static func sleeper() throws -> RunningProcess {
        let output = NSTemporaryDirectory() + "factwire-child-\(UUID().uuidString).log"
        return try ProcessRunner.start(["/bin/sh", "-c", "exec sleep 600"], outputPath: output)
    }

    @Test("a child that exits is reaped with its status; signals after that go nowhere")
    func exitStatus() async throws {
        let output = NSTemporaryDirectory() + "factwire-child-\(UUID().uuidString).log"
        defer { unlink(output) }
        let child = try ProcessRunner.start(["/bin/sh", "-c", "echo done; exit 3"], outputPath: output)
        #expect(await child.exited() == 3)
        #expect(await child.exited() == 3)
        #expect(child.output == "done\n")
        child.send(SIGKILL)
        #expect(child.exitStatus() == 3)
    }

    @Test("a child still running after the limit is killed, and the wait returns")
    func limit() async throws {
        let child = try Self.sleeper()
        defer { unlink(child.outputPath) }
        #expect(Self.stopped.contains(await child.exited(within: .milliseconds(300))))
        #expect(kill(child.pid, 0) != 0, "the child is gone")
    }

    @Test("cancelling the waiting task kills the child, and the wait returns")
    func cancellation() async throws {
        let child = try Self.sleeper()
        defer { unlink(child.outputPath) }
        #expect(child.exitStatus() == nil, "still running before the cancellation")
        let wait = Task { await child.exited() }
        wait.cancel()
        #expect(Self.stopped.contains(await wait.value))
    }

    // The limit leaves the shell time to write its line on a loaded machine; the sleep outlasts it by far.
    @Test("execute bounds a command that does not end")
    func executeLimit() async throws {
        let result = try await ProcessRunner.execute(
            ["/bin/sh", "-c", "echo started; exec sleep 600"], limit: .seconds(5))
        #expect(Self.stopped.contains(result.exitCode))
        #expect(result.output == "started\n")
    }
}
