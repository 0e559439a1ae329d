public import EmbeddedPostgres
public import FactwireStore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Debian's `pgbouncer` in front of a test cluster, in transaction pooling mode, on a loopback port.
///
/// PgBouncer refuses to run as root, so as root it runs as the cluster's OS user (`postgres`). Its
/// configuration, user list and log live in `folder`.
public final class PgBouncer: Sendable {
    /// The port PgBouncer listens on (127.0.0.1).
    public let port: Int
    let process: RunningProcess
    let logPath: String

    /// Whether `pgbouncer` is installed (`.ci/run` installs Debian's package).
    public static var installed: Bool { executable != nil }

    static var executable: String? {
        ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer", "/usr/local/bin/pgbouncer"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Starts PgBouncer for `server` (its user and password, any database), and waits until it accepts connections.
    /// - Parameters:
    ///   - poolSize: `default_pool_size`: server connections per database and user.
    public init(server: EmbeddedPostgres.Endpoint, folder: String, port: Int, poolSize: Int = 10) async throws {
        guard let executable = Self.executable else {
            throw CocoaError(
                .fileNoSuchFile,
                userInfo: [NSLocalizedDescriptionKey: "pgbouncer is not installed (apt-get install pgbouncer)"])
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        self.port = port
        logPath = "\(folder)/pgbouncer.log"
        let ini = """
            [databases]
            * = host=\(server.host) port=\(server.port)

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = \(port)
            unix_socket_dir =
            auth_type = scram-sha-256
            auth_file = \(folder)/userlist.txt
            pool_mode = transaction
            default_pool_size = \(poolSize)
            max_client_conn = 2000
            server_reset_query =
            ignore_startup_parameters = extra_float_digits
            logfile = \(logPath)
            pidfile = \(folder)/pgbouncer.pid
            log_connections = 0
            log_disconnections = 0
            """
        try ini.write(toFile: "\(folder)/pgbouncer.ini", atomically: true, encoding: .utf8)
        try "\"\(server.user)\" \"\(server.password)\"\n".write(
            toFile: "\(folder)/userlist.txt", atomically: true, encoding: .utf8)
        var arguments = [executable, "\(folder)/pgbouncer.ini"]
        if getuid() == 0, let account = getpwnam("postgres") {
            for file in [folder, "\(folder)/pgbouncer.ini", "\(folder)/userlist.txt"] {
                chown(file, account.pointee.pw_uid, account.pointee.pw_gid)
            }
            chmod("\(folder)/userlist.txt", 0o600)
            let runuser = ["/usr/sbin/runuser", "/sbin/runuser"].first {
                FileManager.default.isExecutableFile(atPath: $0)
            }
            arguments = [runuser ?? "/usr/sbin/runuser", "-u", "postgres", "--"] + arguments
        }
        process = try ProcessRunner.start(arguments, outputPath: "\(folder)/pgbouncer.out")
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if Self.accepts(port: port) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.send(SIGKILL)
        _ = process.waitForExit()
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        throw CocoaError(
            .fileReadUnknown,
            userInfo: [NSLocalizedDescriptionKey: "pgbouncer did not start: \(process.output) \(log.suffix(2000))"])
    }

    /// A URL for `database` through PgBouncer, marked `pgbouncer=true`.
    public func url(for direct: DatabaseConfiguration) -> String {
        var configuration = direct
        configuration.host = "127.0.0.1"
        configuration.port = port
        configuration.hosts = [DatabaseHost(host: "127.0.0.1", port: port)]
        configuration.sslMode = .disable
        configuration.pgbouncer = true
        return configuration.url
    }

    /// Stops PgBouncer.
    public func stop() {
        process.send(SIGTERM)
        _ = process.waitForExit()
    }

    /// The tail of PgBouncer's log.
    public var log: String { String(((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").suffix(4000)) }

    static func accepts(port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

/// A throwaway embedded cluster with the `factwire` database and a PgBouncer in front of it, in a folder of its own.
public struct PooledCluster: Sendable {
    public let folder: String
    public let cluster: EmbeddedPostgres
    public let endpoint: EmbeddedPostgres.Endpoint
    /// The database, direct.
    public let database: DatabaseConfiguration
    public let bouncer: PgBouncer

    /// Starts both, non-durable (test data), with `serverSettings` such as `max_connections`.
    public static func start(_ name: String, serverSettings: [String: String] = [:], poolSize: Int) async throws
        -> PooledCluster
    {
        let folder = NSTemporaryDirectory() + "fw-\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var configuration = EmbeddedPostgres.Configuration(home: "\(folder)/pg")
        configuration.port = FreePort.find()
        configuration.binDirectory = try TestPostgres.binaries().directory
        configuration.durable = false
        configuration.serverSettings = serverSettings
        let cluster = EmbeddedPostgres(configuration: configuration, logger: TestPostgres.logger)
        let endpoint = try await cluster.start()
        let database = try DatabaseConfiguration(url: endpoint.url)
        try await database.createDatabaseIfMissing(logger: TestPostgres.logger)
        guard let port = FreePort.find() else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "no free port for pgbouncer"])
        }
        let bouncer = try await PgBouncer(
            server: endpoint, folder: "\(folder)/bouncer", port: port, poolSize: poolSize)
        return PooledCluster(
            folder: folder, cluster: cluster, endpoint: endpoint, database: database, bouncer: bouncer)
    }

    /// The same cluster started again with other settings (the old server must be stopped).
    public func restarted(serverSettings: [String: String]) async throws -> EmbeddedPostgres {
        var configuration = cluster.configuration
        configuration.serverSettings = serverSettings
        let again = EmbeddedPostgres(configuration: configuration, logger: TestPostgres.logger)
        _ = try await again.start()
        return again
    }

    /// Stops PgBouncer and the server, and removes the folder.
    public func stop() {
        bouncer.stop()
        try? cluster.stopBlocking()
        try? FileManager.default.removeItem(atPath: folder)
    }
}
