import Foundation
public import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A private PostgreSQL cluster run from the installed server programs.
///
/// `factwire demo`, `factwire up` and the tests use it when no `DATABASE_URL` is given, so a fresh
/// machine with PostgreSQL's server package needs nothing else. The cluster lives under the home
/// folder and is reused across runs: ``start()`` adopts a server that another process already runs on
/// the same folder (and will then not stop it), removes a stale `postmaster.pid`, and otherwise
/// `initdb`s (UTF-8, SCRAM password auth) and starts the server on 127.0.0.1 at a free port and on a
/// unix socket. ``stop()`` stops only a server this instance started.
///
/// Blocking process calls (`initdb`, `pg_ctl`) run on threads of their own (``ProcessRunner/offload(_:)``),
/// never on the cooperative thread pool or an event loop.
public final class EmbeddedPostgres: Sendable {
    /// The configuration this cluster was made with.
    public let configuration: Configuration
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var endpoint: Endpoint?
        var owned = false
        var watchdog: pid_t?
    }

    /// Creates a handle; nothing happens until ``start()``.
    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// True when this instance started the server (and so will stop it).
    public var ownsServer: Bool { state.withLock { $0.owned } }

    /// The endpoint of the running server, once ``start()`` returned.
    public var endpoint: Endpoint? { state.withLock { $0.endpoint } }

    /// The layout on disk.
    public var paths: ClusterPaths { ClusterPaths(home: configuration.absoluteHome) }

    /// Starts the cluster, or adopts the server already running on this home folder.
    /// - Throws: ``EmbeddedPostgresError`` with a message naming what to fix.
    @discardableResult
    public func start() async throws -> Endpoint {
        try await ProcessRunner.offload { try self.startBlocking() }
    }

    /// Stops the server if this instance started it; a server adopted from another process keeps running.
    public func stop(mode: ShutdownMode = .fast) async throws {
        try await ProcessRunner.offload { try self.stopBlocking(mode: mode) }
    }

    /// Stops the server synchronously. For `atexit` handlers and signal paths that cannot await.
    public func stopBlocking(mode: ShutdownMode = .fast) throws {
        let (owned, watchdog) = state.withLock { state -> (Bool, pid_t?) in
            defer {
                state.owned = false
                state.watchdog = nil
                state.endpoint = nil
            }
            return (state.owned, state.watchdog)
        }
        if let watchdog {
            kill(watchdog, SIGKILL)
            var status: Int32 = 0
            while waitpid(watchdog, &status, 0) == -1 && errno == EINTR {}
        }
        guard owned else { return }
        let user = try OSUser.resolve(preferred: configuration.osUser)
        let binaries = try PostgresBinaries.locate(explicitDirectory: configuration.binDirectory)
        let paths = self.paths
        let postmaster = PostmasterPidFile.read(dataDirectory: paths.data)?.pid
        defer { if let postmaster { Subreaper.reap(postmaster) } }
        let fast = try ProcessRunner.run(
            user.command([
                binaries.pgCtl, "-D", paths.data, "-m", mode.rawValue, "-w", "-t", "\(configuration.timeoutSeconds)",
                "stop"
            ]),
            workingDirectory: paths.cluster
        )
        if fast.exitCode == 0 {
            logger.info("embedded PostgreSQL stopped", metadata: ["home": "\(paths.home)"])
            return
        }
        guard PostmasterPidFile.read(dataDirectory: paths.data)?.isAlive == true else { return }
        let immediate = try ProcessRunner.run(
            user.command([binaries.pgCtl, "-D", paths.data, "-m", "immediate", "-w", "stop"]),
            workingDirectory: paths.cluster
        )
        guard immediate.exitCode == 0 else {
            throw EmbeddedPostgresError(
                .stopFailed, message: "could not stop the embedded PostgreSQL in \(paths.data)",
                details: immediate.output)
        }
    }

    /// The endpoint of a server running on this home folder (whoever started it), or nil.
    public func runningEndpoint() -> Endpoint? {
        let paths = self.paths
        guard let pidFile = PostmasterPidFile.read(dataDirectory: paths.data), pidFile.isAlive else { return nil }
        let password =
            (try? String(contentsOfFile: paths.passwordFile, encoding: .utf8))?.trimmingCharacters(
                in: .whitespacesAndNewlines) ?? ""
        return Endpoint(
            host: "127.0.0.1", port: pidFile.port, socketDirectory: pidFile.socketDirectory ?? paths.socketDirectory,
            user: configuration.superuser, password: password, database: configuration.database
        )
    }

    /// Stops the server running on this home folder, even one another process started (`factwire db stop`).
    /// - Returns: False when no server was running.
    @discardableResult
    public func stopRunningServer() async throws -> Bool {
        guard runningEndpoint() != nil else { return false }
        state.withLock { $0.owned = true }
        try await stop()
        return true
    }

    // MARK: - Start

    private func startBlocking() throws -> Endpoint {
        if let endpoint = state.withLock({ $0.endpoint }) { return endpoint }
        Subreaper.enable()
        let binaries = try PostgresBinaries.locate(explicitDirectory: configuration.binDirectory)
        let user = try OSUser.resolve(preferred: configuration.osUser)
        var paths = self.paths
        try paths.prepare(for: user)
        let lock = try FileLock(path: paths.lockFile)
        defer { withExtendedLifetime(lock) {} }

        if let primary = configuration.standbyOf, !FileManager.default.fileExists(atPath: paths.passwordFile) {
            try SecretFile.write(Array(primary.password.utf8), to: paths.passwordFile)
        }
        let password = try paths.readOrCreatePassword()
        if let running = PostmasterPidFile.read(dataDirectory: paths.data) {
            if running.isAlive {
                let endpoint = try adopt(running, password: password, paths: paths)
                state.withLock {
                    $0.endpoint = endpoint
                    $0.owned = false
                }
                logger.info("reusing running embedded PostgreSQL", metadata: ["endpoint": "\(endpoint)"])
                return endpoint
            }
            logger.notice("removing stale postmaster.pid", metadata: ["pid": "\(running.pid)", "data": "\(paths.data)"])
            unlink(paths.data + "/postmaster.pid")
        }
        if !FileManager.default.fileExists(atPath: paths.data + "/PG_VERSION") {
            if let primary = configuration.standbyOf {
                try basebackup(from: primary, binaries: binaries, user: user, paths: paths)
            } else {
                try initdb(binaries: binaries, user: user, paths: paths, password: password)
            }
        }
        let port = try startServer(binaries: binaries, user: user, paths: paths)
        let endpoint = Endpoint(
            host: "127.0.0.1", port: port, socketDirectory: paths.socketDirectory,
            user: configuration.superuser, password: password, database: configuration.database
        )
        var watchdog: pid_t?
        if configuration.stopWhenProcessExits {
            watchdog = try? spawnWatchdog(binaries: binaries, user: user, paths: paths)
        }
        state.withLock {
            $0.endpoint = endpoint
            $0.owned = true
            $0.watchdog = watchdog
        }
        logger.info("embedded PostgreSQL started", metadata: ["endpoint": "\(endpoint)"])
        return endpoint
    }

    private func adopt(_ pidFile: PostmasterPidFile, password: String, paths: ClusterPaths) throws -> Endpoint {
        // Another process may still be starting it: wait (bounded) until it reports "ready".
        let deadline = Date().addingTimeInterval(TimeInterval(configuration.timeoutSeconds))
        var current = pidFile
        while current.status != "ready" && Date() < deadline {
            usleep(100_000)
            guard let next = PostmasterPidFile.read(dataDirectory: paths.data), next.isAlive else {
                throw EmbeddedPostgresError(
                    .startFailed, message: "the PostgreSQL server in \(paths.data) stopped while we waited for it")
            }
            current = next
        }
        return Endpoint(
            host: "127.0.0.1", port: current.port, socketDirectory: current.socketDirectory ?? paths.socketDirectory,
            user: configuration.superuser, password: password, database: configuration.database
        )
    }

    private func initdb(binaries: PostgresBinaries, user: OSUser, paths: ClusterPaths, password: String) throws {
        // initdb reads the superuser's password from a file the cluster owner can read; it is removed at once.
        let passwordFile = paths.cluster + "/initdb-password"
        try SecretFile.write(Array(password.utf8), to: passwordFile)
        user.own(passwordFile)
        defer { unlink(passwordFile) }
        try? FileManager.default.removeItem(atPath: paths.data)

        var arguments = [
            binaries.initdb, "-D", paths.data, "-U", configuration.superuser, "--pwfile=\(passwordFile)",
            "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8"
        ]
        if !configuration.durable { arguments.append("--no-sync") }
        // C.UTF-8 gives Unicode-aware upper/lower and regex classes; fall back to plain C where it is missing.
        var result = try ProcessRunner.run(
            user.command(arguments + ["--locale=C.UTF-8"]), workingDirectory: paths.cluster)
        if result.exitCode != 0 {
            try? FileManager.default.removeItem(atPath: paths.data)
            result = try ProcessRunner.run(user.command(arguments + ["--no-locale"]), workingDirectory: paths.cluster)
        }
        guard result.exitCode == 0 else {
            throw EmbeddedPostgresError(
                .initdbFailed, message: "initdb failed for \(paths.data) (exit \(result.exitCode)); see details",
                details: result.output)
        }
        logger.info("embedded PostgreSQL cluster created", metadata: ["data": "\(paths.data)"])
    }

    /// Copies a running primary into the data folder as a standby (`-R` writes `standby.signal` and
    /// `primary_conninfo`), streaming the WAL written meanwhile (`-X stream`) so the copy is consistent.
    private func basebackup(from primary: Endpoint, binaries: PostgresBinaries, user: OSUser, paths: ClusterPaths)
        throws
    {
        // The password reaches pg_basebackup through a passfile the cluster owner can read, not argv.
        let passFile = paths.cluster + "/basebackup-pgpass"
        try SecretFile.write(
            Array("\(primary.host):\(primary.port):*:\(primary.user):\(primary.password)\n".utf8), to: passFile)
        user.own(passFile)
        defer { unlink(passFile) }
        try? FileManager.default.removeItem(atPath: paths.data)
        let connection = "host=\(primary.host) port=\(primary.port) user=\(primary.user) passfile=\(passFile)"
        let result = try ProcessRunner.run(
            user.command([
                binaries.pgBasebackup, "-d", connection, "-D", paths.data, "-R", "-X", "stream", "-c", "fast",
                "--no-password"
            ]),
            workingDirectory: paths.cluster)
        guard result.exitCode == 0 else {
            try? FileManager.default.removeItem(atPath: paths.data)
            throw EmbeddedPostgresError(
                .basebackupFailed,
                message:
                    "pg_basebackup from \(primary) failed (exit \(result.exitCode)): \(result.output.suffix(600))",
                details: result.output)
        }
        // -R wrote the passfile's path into primary_conninfo; the standby needs the password itself once it is gone.
        let autoConf = paths.data + "/postgresql.auto.conf"
        if var text = try? String(contentsOfFile: autoConf, encoding: .utf8) {
            text = text.replacingOccurrences(of: "passfile=\(passFile)", with: "password=\(primary.password)")
            text = text.replacingOccurrences(of: "passfile=''\(passFile)''", with: "password=\(primary.password)")
            try? text.write(toFile: autoConf, atomically: true, encoding: .utf8)
            user.own(autoConf)
        }
        logger.info("embedded PostgreSQL standby copied", metadata: ["data": "\(paths.data)", "primary": "\(primary)"])
    }

    /// Promotes this standby to a primary (`pg_ctl promote`, which waits until it accepts writes).
    /// - Throws: ``EmbeddedPostgresError/Code/promoteFailed`` when the server is not a standby or not running.
    public func promote() async throws {
        try await ProcessRunner.offload {
            let user = try OSUser.resolve(preferred: self.configuration.osUser)
            let binaries = try PostgresBinaries.locate(explicitDirectory: self.configuration.binDirectory)
            let paths = self.paths
            let result = try ProcessRunner.run(
                user.command([
                    binaries.pgCtl, "-D", paths.data, "-w", "-t", "\(self.configuration.timeoutSeconds)", "promote"
                ]),
                workingDirectory: paths.cluster)
            guard result.exitCode == 0 else {
                throw EmbeddedPostgresError(
                    .promoteFailed, message: "could not promote the standby in \(paths.data)", details: result.output)
            }
        }
    }

    private func startServer(binaries: PostgresBinaries, user: OSUser, paths: ClusterPaths) throws -> Int {
        var settings: [String: String] = [
            "listen_addresses": "127.0.0.1",
            "unix_socket_directories": paths.socketDirectory,
            "max_connections": "200"
        ]
        if !configuration.durable {
            settings["fsync"] = "off"
            settings["synchronous_commit"] = "off"
            settings["full_page_writes"] = "off"
        }
        settings.merge(configuration.serverSettings) { _, new in new }
        var lastOutput = ""
        // The port of the last start when it is free, so saved psql connections keep working across restarts.
        let remembered = (try? String(contentsOfFile: paths.portFile, encoding: .utf8)).flatMap {
            Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        for attempt in 0..<5 {
            guard
                let port = configuration.port
                    ?? (attempt == 0 ? FreePort.find(preferring: remembered) : FreePort.find())
            else { continue }
            let options =
                (["-p \(port)"]
                + settings.sorted { $0.key < $1.key }.map { "-c \($0.key)=\(Self.quoteOption($0.value))" })
                .joined(separator: " ")
            let result = try ProcessRunner.run(
                user.command([
                    binaries.pgCtl, "-D", paths.data, "-l", paths.logFile, "-w", "-t",
                    "\(configuration.timeoutSeconds)",
                    "-s", "-o", options, "start"
                ]),
                workingDirectory: paths.cluster,
                newSession: true
            )
            if result.exitCode == 0 {
                try? "\(port)\n".write(toFile: paths.portFile, atomically: true, encoding: .utf8)
                return port
            }
            lastOutput = result.output + "\n" + paths.tailOfLog()
            // Another process took the port between our probe and the bind: try another one.
            if configuration.port != nil
                || (!lastOutput.contains("could not bind") && !lastOutput.contains("Address already in use"))
            {
                break
            }
        }
        throw EmbeddedPostgresError(
            .startFailed,
            message: "the embedded PostgreSQL did not start; its log is \(paths.logFile)",
            details: lastOutput
        )
    }

    /// Starts a small shell process that stops the server once this process is gone, so a SIGKILLed
    /// `factwire` or test run does not leave PostgreSQL behind.
    private func spawnWatchdog(binaries: PostgresBinaries, user: OSUser, paths: ClusterPaths) throws -> pid_t {
        let stop = user.command([binaries.pgCtl, "-D", paths.data, "-m", "fast", "-w", "stop"])
            .map(Self.shellQuote).joined(separator: " ")
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; cd / && \(stop) >/dev/null 2>&1"
        // Its own session, so a terminal's Ctrl-C reaches us, not it; reaped by init once we are gone.
        return try ProcessRunner.spawn(["/bin/sh", "-c", script], outputPath: "/dev/null", newSession: true)
    }

    static func shellQuote(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func quoteOption(_ value: String) -> String {
        value.contains(" ") ? "'\(value)'" : value
    }
}
