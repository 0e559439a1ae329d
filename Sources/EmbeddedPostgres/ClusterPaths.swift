import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a cluster's files live under its home folder.
///
/// ```
/// <home>/password        superuser password, mode 0600, owned by whoever runs factwire
/// <home>/lock            flock: one starter at a time
/// <home>/port            the TCP port of the last start (reused when free)
/// <home>/postgres/       owned by the cluster's OS user, mode 0700
///          data/         PGDATA
///          server.log    the server's log
///          .s.PGSQL.N    the unix socket
/// ```
/// When we run as root and the `postgres` user cannot reach `<home>` (a home under `/root`, say), or the
/// socket path would exceed the kernel's 107-byte limit, the `postgres/` part moves to
/// `/var/tmp/factwire-<hash of home>`; `<home>/cluster-location` then says where.
public struct ClusterPaths: Sendable, Equatable {
    /// The home folder (absolute).
    public var home: String
    /// The folder owned by the cluster's OS user.
    public var cluster: String

    init(home: String) {
        self.home = home
        let preferred = home + "/postgres"
        if let moved = try? String(contentsOfFile: home + "/cluster-location", encoding: .utf8) {
            cluster = moved.trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            cluster = preferred
        }
    }

    /// PGDATA.
    public var data: String { cluster + "/data" }
    /// The server's log file.
    public var logFile: String { cluster + "/server.log" }
    /// The folder holding the unix socket.
    public var socketDirectory: String { cluster }
    var lockFile: String { home + "/lock" }
    var passwordFile: String { home + "/password" }
    /// The TCP port of the last start, tried first at the next one.
    var portFile: String { home + "/port" }

    /// Creates the folders, gives the cluster folder to `user`, and relocates it when `user` could not use it.
    mutating func prepare(for user: OSUser) throws {
        do {
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        } catch {
            throw EmbeddedPostgresError(
                .homeNotUsable, message: "cannot create the home folder \(home): \(error.localizedDescription)")
        }
        if user.needsSwitch { chmod(home, 0o755) }
        // Probing needs a process (runuser); do it only for a cluster that does not exist yet.
        if !FileManager.default.fileExists(atPath: cluster + "/data/PG_VERSION") {
            if !Self.usable(home + "/postgres", by: user) {
                let digest = SHA256.hash(data: Data(home.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
                cluster = "/var/tmp/factwire-\(digest)"
                try? cluster.write(toFile: home + "/cluster-location", atomically: true, encoding: .utf8)
            }
        }
        try FileManager.default.createDirectory(atPath: cluster, withIntermediateDirectories: true)
        user.own(cluster)
        chmod(cluster, 0o700)
    }

    /// True when `user` can create files in `path` and its socket path fits.
    private static func usable(_ path: String, by user: OSUser) -> Bool {
        guard (path + "/.s.PGSQL.65535.lock").utf8.count < 100 else { return false }
        guard user.needsSwitch else { return true }
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        user.own(path)
        let probe = try? ProcessRunner.run(
            user.command([
                "/bin/sh", "-c",
                "test -w \(EmbeddedPostgres.shellQuote(path)) && test -x \(EmbeddedPostgres.shellQuote(path))"
            ]), workingDirectory: "/")
        return probe?.exitCode == 0
    }

    /// The superuser password, created (32 random hex characters, mode 0600) on first use.
    func readOrCreatePassword() throws -> String {
        if FileManager.default.fileExists(atPath: passwordFile), SecretFile.isExposed(passwordFile) {
            throw EmbeddedPostgresError(
                .homeNotUsable,
                message:
                    "\(passwordFile) can be read by other users; make it private with 'chmod 600 \(passwordFile)' (and consider changing the password)"
            )
        }
        if let existing = try? String(contentsOfFile: passwordFile, encoding: .utf8) {
            let trimmed = existing.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { return trimmed }
        }
        var generator = SystemRandomNumberGenerator()
        let password = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }
            .joined()
        do {
            try SecretFile.write(Array(password.utf8), to: passwordFile)
        } catch {
            throw EmbeddedPostgresError(.homeNotUsable, message: "\(error)")
        }
        return password
    }

    func tailOfLog() -> String {
        guard let text = try? String(contentsOfFile: logFile, encoding: .utf8) else { return "" }
        return String(text.suffix(4000))
    }
}
