public import EmbeddedPostgres
public import FactwireStore
import Foundation

/// Runs the `factwire` executable built beside the test binary, as a separate process.
///
/// CLI behaviour (exit codes, messages) and multi-process properties (concurrent migrators, killed
/// workers) are tested against the real binary, not by calling its code in-process.
public enum FactwireBinary {
    /// The path of `factwire` in the build folder the tests run from.
    public static var path: String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        // On Darwin the test binary sits inside a .xctest bundle: climb out of it.
        while folder.path.contains(".xctest") { folder = folder.deletingLastPathComponent() }
        return folder.appendingPathComponent("factwire").path
    }

    /// Runs `factwire` with `arguments` and `environment` added to ours (a value of "" removes the variable).
    public static func run(_ arguments: [String], environment: [String: String] = [:], workingDirectory: String? = nil)
        throws -> ProcessRunner.Result
    {
        try requireBuilt()
        return try ProcessRunner.run([path] + arguments, workingDirectory: workingDirectory, environment: environment)
    }

    static func requireBuilt() throws {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw CocoaError(
                .fileNoSuchFile,
                userInfo: [
                    NSFilePathErrorKey: path,
                    NSLocalizedDescriptionKey: "factwire is not built at \(path); run `swift build` first"
                ])
        }
    }
}

extension FactwireBinary {
    /// ``run(_:environment:workingDirectory:)`` from async code, holding no thread while the child runs, so
    /// servers in the test process keep answering it; a child still running after `limit`, or when the test is
    /// cancelled by its time limit, is killed (see ``ProcessRunner/execute(_:workingDirectory:environment:limit:)``).
    public static func execute(
        _ arguments: [String], environment: [String: String] = [:], workingDirectory: String? = nil,
        limit: Duration = RunningProcess.defaultExitLimit
    ) async throws -> ProcessRunner.Result {
        try requireBuilt()
        return try await ProcessRunner.execute(
            [path] + arguments, workingDirectory: workingDirectory, environment: environment, limit: limit)
    }

    /// Starts `factwire` with `arguments` in the background; output goes to `outputPath`.
    public static func start(_ arguments: [String], outputPath: String, environment: [String: String] = [:]) throws
        -> RunningProcess
    {
        try ProcessRunner.start([path] + arguments, outputPath: outputPath, environment: environment)
    }

    /// The port a `query-worker` started with `--listen HOST:0` bound, read from its "query worker listening"
    /// log line; nil if it has not logged it within `limit` (or exited first).
    ///
    /// Port 0 lets the kernel choose: a port picked by the test and released before the worker binds it can be
    /// taken meanwhile by any other socket of a parallel test, which failed runs with "already in use".
    public static func listeningPort(of process: RunningProcess, limit: Duration = .seconds(60)) async throws -> Int? {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            for line in process.output.split(separator: "\n") where line.contains("query worker listening") {
                if let address = line.range(of: "https://") {
                    let rest = line[address.upperBound...]
                    if let colon = rest.firstIndex(of: ":") {
                        let digits = rest[rest.index(after: colon)...].prefix { $0.isNumber }
                        if let port = Int(digits), port > 0 { return port }
                    }
                }
            }
            if kill(process.pid, 0) != 0 { return nil }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    /// A `postgres://` URL for `configuration` (with its password), for child processes.
    public static func url(_ configuration: DatabaseConfiguration) -> String { configuration.url }
}
