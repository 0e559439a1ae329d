public import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a program to completion with `posix_spawn` + `waitpid`, its output sent to a file.
///
/// Foundation's `Process` cannot be used for `pg_ctl start`: on Linux it learns that the child exited
/// through a socket pair the child inherits, and the postmaster that `pg_ctl` leaves behind keeps that
/// socket open, so `waitUntilExit()` never returns. Spawning directly and waiting on the pid avoids it.
/// These calls block the calling thread: run them off the cooperative pool (see ``EmbeddedPostgres``).
public struct ProcessRunner: Sendable {
    /// The outcome of one run.
    public struct Result: Sendable {
        /// The exit status, or 128 + signal number when the child was killed by a signal.
        public var exitCode: Int32
        /// What the program wrote to standard output and standard error, at most 64 KiB of its end.
        public var output: String
    }

    /// Runs `arguments[0]` (an absolute path) with the rest as its arguments.
    /// - Parameters:
    ///   - arguments: The program's absolute path and its arguments.
    ///   - workingDirectory: The child's working directory; `nil` keeps ours.
    ///   - newSession: Put the child in a session of its own, so a terminal's Ctrl-C does not reach it.
    ///   - environment: Variables to set (or override) in the child's environment; an empty value removes one.
    public static func run(
        _ arguments: [String],
        workingDirectory: String? = nil,
        newSession: Bool = false,
        environment: [String: String] = [:]
    ) throws -> Result {
        precondition(!arguments.isEmpty)
        let outputPath = Self.temporaryOutputPath()
        defer { unlink(outputPath) }
        let pid = try spawn(
            arguments, outputPath: outputPath, workingDirectory: workingDirectory, newSession: newSession,
            environment: environment)
        let exitCode = RunningProcess(pid: pid, outputPath: outputPath).waitForExit()
        return Result(exitCode: exitCode, output: Self.tail(of: outputPath))
    }

    /// ``run(_:workingDirectory:newSession:environment:)`` from async code, holding no thread while the child
    /// runs, and bounded: when `limit` passes or the calling task is cancelled (a test's time limit), the child
    /// is killed with SIGKILL and its status is 128 + 9. A child that never exits cannot hang its caller.
    public static func execute(
        _ arguments: [String],
        workingDirectory: String? = nil,
        environment: [String: String] = [:],
        limit: Duration = RunningProcess.defaultExitLimit
    ) async throws -> Result {
        precondition(!arguments.isEmpty)
        let outputPath = Self.temporaryOutputPath()
        defer { unlink(outputPath) }
        let process = RunningProcess(
            pid: try spawn(
                arguments, outputPath: outputPath, workingDirectory: workingDirectory, environment: environment),
            outputPath: outputPath)
        let exitCode = await process.exited(within: limit)
        return Result(exitCode: exitCode, output: Self.tail(of: outputPath))
    }

    private static func temporaryOutputPath() -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("factwire-spawn-\(getpid())-\(UUID().uuidString).log").path
    }

    /// Starts `arguments[0]` with standard input from /dev/null and output (both streams) to `outputPath`,
    /// signals reset to their defaults, and `environment` applied over ours. Returns the pid.
    static func spawn(
        _ arguments: [String], outputPath: String, workingDirectory: String? = nil, newSession: Bool = false,
        environment: [String: String] = [:]
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var arguments = arguments
        if let workingDirectory, !Self.addChdir(&actions, workingDirectory) {
            arguments = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", workingDirectory] + arguments
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var flags = Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if newSession { flags |= Self.setsidFlag }
        posix_spawnattr_setflags(&attributes, flags)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value.isEmpty ? nil : value }
        let cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let cEnvironment: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for argument in cArguments { free(argument) }
            for variable in cEnvironment { free(variable) }
        }
        var pid: pid_t = 0
        let spawnError = posix_spawn(&pid, arguments[0], &actions, &attributes, cArguments, cEnvironment)
        guard spawnError == 0 else {
            throw EmbeddedPostgresError(
                .spawnFailed, message: "could not start \(arguments[0]): \(String(cString: strerror(spawnError)))")
        }
        return pid
    }

    /// `POSIX_SPAWN_SETSID`, which Glibc's module map hides behind `_GNU_SOURCE` (0x80 on glibc and musl, 0x400 on Darwin).
    static var setsidFlag: Int16 {
        #if canImport(Darwin)
            return 0x400
        #else
            return 0x80
        #endif
    }

    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29+), looked up at run time because Swift's Glibc
    /// module does not export it. Returns false when unavailable; the caller then changes directory
    /// through `/bin/sh`.
    private static func addChdir(_ actions: inout posix_spawn_file_actions_t, _ directory: String) -> Bool {
        typealias AddChdir =
            @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else { return false }
        let function = unsafeBitCast(symbol, to: AddChdir.self)
        return function(&actions, directory) == 0
    }

    private static func tail(of path: String, limit: Int = 64 * 1024) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > UInt64(limit) ? size - UInt64(limit) : 0)
        let data = (try? handle.readToEnd()) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// A child process started with ``ProcessRunner/start(_:outputPath:environment:)``, for tests and
/// drills that run several `factwire` processes at once and signal them.
///
/// Its exit status is kept once reaped, so a signal sent afterwards goes nowhere rather than to whatever
/// process the kernel gave the pid to next. Children still running when the parent exits are killed.
public final class RunningProcess: Sendable {
    /// The child's pid.
    public let pid: pid_t
    /// Where its standard output and error go.
    public let outputPath: String
    /// The exit status once reaped (see ``waitForExit()``).
    private let status = Mutex<Int32?>(nil)

    /// How long ``exited(within:)`` waits by default: far beyond any clean shutdown, short of a hung CI job.
    public static let defaultExitLimit: Duration = .seconds(600)

    init(pid: pid_t, outputPath: String) {
        self.pid = pid
        self.outputPath = outputPath
        _ = Self.live.withLock { $0.insert(pid) }
        Self.killAtExit
    }

    /// Sends `signal` (SIGTERM, SIGKILL, …), unless the child was already reaped.
    public func send(_ signal: Int32) {
        status.withLock { reaped in
            if reaped == nil { kill(pid, signal) }
        }
    }

    /// Waits for the child to exit and returns its exit status (128 + signal when killed). Blocks.
    public func waitForExit() -> Int32 {
        if let reaped = status.withLock({ $0 }) { return reaped }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
        return record(raw)
    }

    /// The exit status if the child has exited (reaping it), nil while it runs.
    public func exitStatus() -> Int32? {
        if let reaped = status.withLock({ $0 }) { return reaped }
        var raw: Int32 = 0
        let result = waitpid(pid, &raw, WNOHANG)
        if result == pid { return record(raw) }
        // ECHILD: reaped elsewhere (a blocking wait on another thread); report it as gone.
        if result == -1 && errno == ECHILD { return status.withLock { $0 } ?? -1 }
        return nil
    }

    private func record(_ raw: Int32) -> Int32 {
        let code = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        let pid = self.pid
        _ = Self.live.withLock { $0.remove(pid) }
        return status.withLock { reaped in
            if let reaped { return reaped }
            reaped = code
            return code
        }
    }

    /// What it has written so far.
    public var output: String {
        (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    /// Pids started and not yet reaped.
    private static let live = Mutex<Set<pid_t>>([])

    /// Kills the children still running when this process exits: a test that failed before stopping its
    /// workers must not leave them running against a database that is about to go away.
    private static let killAtExit: Void = {
        atexit {
            for pid in RunningProcess.live.withLock({ $0 }) { kill(pid, SIGKILL) }
        }
    }()
}

extension ProcessRunner {
    /// Starts a program without waiting for it; its output goes to `outputPath`.
    /// - Parameter environment: Variables to set or override; an empty value removes one.
    public static func start(_ arguments: [String], outputPath: String, environment: [String: String] = [:]) throws
        -> RunningProcess
    {
        let pid = try spawn(arguments, outputPath: outputPath, environment: environment)
        return RunningProcess(pid: pid, outputPath: outputPath)
    }
}

extension ProcessRunner {
    /// Runs blocking work (a `waitpid`) on a thread of its own and awaits it.
    ///
    /// Swift concurrency has one cooperative thread per core. A `waitpid` on one of them stalls every
    /// task queued behind it: on two cores, two waits stop the whole process, including a server in it
    /// that the child is talking to, until the child gives up.
    public static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Swift.Result { try work() }) }.start()
        }
    }
}

extension RunningProcess {
    /// Waits for the child to exit without holding a thread (it polls `waitpid` with `WNOHANG`), and returns
    /// its exit status. When `limit` passes or the waiting task is cancelled (a test's time limit), the child
    /// is stopped (SIGQUIT for a backtrace, then SIGKILL) and reaped: a child that never exits cannot hang its
    /// caller.
    public func exited(within limit: Duration = RunningProcess.defaultExitLimit) async -> Int32 {
        let deadline = ContinuousClock.now + limit
        var pause = Duration.milliseconds(2)
        while ContinuousClock.now < deadline {
            if let code = exitStatus() { return code }
            do {
                try await Task.sleep(for: pause)
            } catch {
                break
            }
            pause = min(pause * 2, .milliseconds(50))
        }
        // First SIGQUIT, on which a Swift program prints the backtrace of its threads into its output: a hang
        // then says where it was. What has not ended 10 s later gets SIGKILL.
        send(SIGQUIT)
        _ = try? await ProcessRunner.offload { [self] in
            for _ in 0..<200 where exitStatus() == nil { usleep(50_000) }
        }
        send(SIGKILL)
        // A blocking reap, but a short one: a killed child is gone at once (unless stuck in uninterruptible I/O).
        return waitForExit()
    }
}
