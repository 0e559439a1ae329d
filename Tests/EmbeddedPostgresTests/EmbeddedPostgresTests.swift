import FactwireStore
import FactwireTesting
import Foundation
import PostgresNIO
import Testing

@testable import EmbeddedPostgres

#if canImport(Glibc)
    import Glibc
#endif

/// The launcher on real PostgreSQL server programs: each test gets its own home folder and cluster.
@Suite("Embedded PostgreSQL launcher")
struct EmbeddedPostgresTests {
    static func makeConfiguration() -> EmbeddedPostgres.Configuration {
        var configuration = EmbeddedPostgres.Configuration(
            home: NSTemporaryDirectory() + "fw-launcher-\(UUID().uuidString.prefix(8))")
        configuration.durable = false
        configuration.database = "postgres"
        configuration.binDirectory = ProcessInfo.processInfo.environment["FACTWIRE_PG_BIN"]
        return configuration
    }

    static func query(_ endpoint: EmbeddedPostgres.Endpoint, _ sql: String) async throws -> [String] {
        let configuration = try DatabaseConfiguration(url: endpoint.url)
        return try await TestPostgres.withClient(configuration, maximumConnections: 1) { client throws in
            let rows = try await client.query(PostgresQuery(unsafeSQL: sql), logger: TestPostgres.logger)
            var values: [String] = []
            for try await value in rows.decode(String.self) { values.append(value) }
            return values
        }
    }

    @Test("starts, answers queries over TCP with the generated password, and stops")
    func startAndStop() async throws {
        let configuration = Self.makeConfiguration()
        defer { try? FileManager.default.removeItem(atPath: configuration.home) }
        let cluster = EmbeddedPostgres(configuration: configuration, logger: TestPostgres.logger)
        let endpoint = try await cluster.start()
        #expect(cluster.ownsServer)
        #expect(endpoint.host == "127.0.0.1")
        #expect(try await Self.query(endpoint, "SHOW server_encoding") == ["UTF8"])
        #expect(try await Self.query(endpoint, "SHOW listen_addresses") == ["127.0.0.1"])
        let socket = "\(endpoint.socketDirectory)/.s.PGSQL.\(endpoint.port)"
        #expect(FileManager.default.fileExists(atPath: socket))
        let passwordFile = configuration.absoluteHome + "/password"
        let mode = try FileManager.default.attributesOfItem(atPath: passwordFile)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try String(contentsOfFile: passwordFile, encoding: .utf8) == endpoint.password)

        try await cluster.stop()
        #expect(cluster.runningEndpoint() == nil)
        #expect(!FileManager.default.fileExists(atPath: socket))
    }

    @Test("a restart keeps the data, the port (when free) and the cluster, without initdb")
    func restartKeepsData() async throws {
        let configuration = Self.makeConfiguration()
        defer { try? FileManager.default.removeItem(atPath: configuration.home) }
        let first = EmbeddedPostgres(configuration: configuration, logger: TestPostgres.logger)
        let endpoint = try await first.start()
        _ = try await Self.query(endpoint, "CREATE TABLE kept AS SELECT 'still here'::text AS v")
        try await first.stop()

        let second = EmbeddedPostgres(configuration: configuration, logger: TestPostgres.logger)
        let again = try await second.start()
        defer { try? second.stopBlocking() }
        #expect(again.password == endpoint.password)
        #expect(again.port == endpoint.port, "the port changed across a restart although it was free")
        #expect(try await Self.query(again, "SELECT v FROM kept") == ["still here"])
    }

    @Test("a second launcher on the same home adopts the running server and does not stop it")
    func adoptsRunningServer() async throws {
        let configuration = Self.makeConfiguration()
        defer { try? FileManager.default.removeItem(atPath: configuration.home) }
        let owner = EmbeddedPostgres(configuration: configuration, logger: TestPostgres.logger)
        let endpoint = try await owner.start()
        defer { try? owner.stopBlocking() }

        let guest = EmbeddedPostgres(configuration: configuration, logger: TestPostgres.logger)
        let adopted = try await guest.start()
        #expect(!guest.ownsServer)
        #expect(adopted.port == endpoint.port)
        try await guest.stop()
        #expect(try await Self.query(endpoint, "SELECT 'alive'") == ["alive"])

        try await owner.stop()
        #expect(owner.runningEndpoint() == nil)
    }

    @Test("a stale postmaster.pid left by a crash is removed and the server starts")
    func stalePidFile() async throws {
        let configuration = Self.makeConfiguration()
        defer { try? FileManager.default.removeItem(atPath: configuration.home) }
        let cluster = EmbeddedPostgres(configuration: configuration, logger: TestPostgres.logger)
        try await cluster.start()
        try await cluster.stop()

        // A pid that no process has: what a server killed by a power cut leaves behind.
        let pidFile = cluster.paths.data + "/postmaster.pid"
        let stale =
            "4194000\n\(cluster.paths.data)\n1700000000\n5999\n\(cluster.paths.cluster)\n127.0.0.1\n  0 0\nready   \n"
        try stale.write(toFile: pidFile, atomically: true, encoding: .utf8)

        let endpoint = try await cluster.start()
        defer { try? cluster.stopBlocking() }
        #expect(cluster.ownsServer)
        #expect(endpoint.port != 5999)
        #expect(try await Self.query(endpoint, "SELECT 'up'") == ["up"])
    }

    @Test("missing server programs give one clear error naming the package to install")
    func missingBinaries() async throws {
        var configuration = Self.makeConfiguration()
        configuration.binDirectory = "/nonexistent/postgresql/bin"
        defer { try? FileManager.default.removeItem(atPath: configuration.home) }
        let cluster = EmbeddedPostgres(configuration: configuration, logger: TestPostgres.logger)
        let error = await #expect(throws: EmbeddedPostgresError.self) { try await cluster.start() }
        #expect(error?.code == .binariesNotFound)
        #expect(error?.message.contains("apt-get install postgresql") == true)
        #expect(error?.message.contains("/nonexistent/postgresql/bin") == true)
    }

    @Test("binaries are found without being told where")
    func locatesBinaries() throws {
        let binaries = try PostgresBinaries.locate()
        #expect(FileManager.default.isExecutableFile(atPath: binaries.initdb))
        #expect(FileManager.default.isExecutableFile(atPath: binaries.pgCtl))
    }

    @Test("postmaster.pid is parsed line by line")
    func parsesPidFile() throws {
        let text = "123\n/data\n1700000000\n5433\n/tmp/sock\n127.0.0.1\n  5433001  0\nready   \n"
        let parsed = try #require(PostmasterPidFile(contents: text))
        #expect(parsed.pid == 123)
        #expect(parsed.port == 5433)
        #expect(parsed.socketDirectory == "/tmp/sock")
        #expect(parsed.status == "ready")
        #expect(PostmasterPidFile(contents: "garbage") == nil)
    }
}
