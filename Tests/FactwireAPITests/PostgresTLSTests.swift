import EmbeddedPostgres
import FactwireAPI
import FactwireIngest
import FactwireStore
import FactwireTesting
import Foundation
import PostgresNIO
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Workers reaching PostgreSQL over TLS with `sslmode=verify-full`, as they do across machines; a server
/// whose certificate the configured CA did not sign is refused before any query.
@Suite("Faults: TLS to PostgreSQL", .serialized, .timeLimit(.minutes(3)))
struct PostgresTLSTests {
    static let logger = TestPostgres.logger

    @Test(
        "a cluster with ssl=on: migrate and an ingest worker connect with verify-full, every connection encrypted; a wrong CA is refused with a clear error, exit 3"
    )
    func verifyFull() async throws {
        let folder = NSTemporaryDirectory() + "fw-pgtls-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try DevelopmentCertificates.create(in: "\(folder)/tls")
        try DevelopmentCertificates.create(in: "\(folder)/other")

        var clusterConfiguration = EmbeddedPostgres.Configuration(home: "\(folder)/pg")
        clusterConfiguration.binDirectory = try TestPostgres.binaries().directory
        clusterConfiguration.durable = false
        // The server's key must belong to the cluster's owner and be private, or PostgreSQL refuses to start.
        let serverFiles = "\(folder)/server-tls"
        try FileManager.default.createDirectory(atPath: serverFiles, withIntermediateDirectories: true)
        for file in ["server.pem", "server-key.pem"] {
            try FileManager.default.copyItem(atPath: "\(folder)/tls/\(file)", toPath: "\(serverFiles)/\(file)")
            try FileManager.default.setAttributes(
                [.ownerAccountName: "postgres", .posixPermissions: 0o600], ofItemAtPath: "\(serverFiles)/\(file)")
        }
        try FileManager.default.setAttributes(
            [.ownerAccountName: "postgres", .posixPermissions: 0o700], ofItemAtPath: serverFiles)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
        clusterConfiguration.serverSettings = [
            "ssl": "on", "ssl_cert_file": "\(serverFiles)/server.pem", "ssl_key_file": "\(serverFiles)/server-key.pem"
        ]
        let cluster = EmbeddedPostgres(configuration: clusterConfiguration, logger: Self.logger)
        let endpoint = try await cluster.start()
        defer { try? cluster.stopBlocking() }
        // The certificate names localhost and 127.0.0.1: verify-full checks the host against it.
        let secure =
            endpoint.url.replacingOccurrences(of: "sslmode=disable", with: "sslmode=verify-full")
            + "&sslrootcert=\(folder)/tls/ca.pem"
        let database = try DatabaseConfiguration(url: secure)
        try await database.createDatabaseIfMissing(logger: Self.logger)

        let migrate = try await FactwireBinary.execute(["migrate"], environment: ["DATABASE_URL": secure])
        #expect(migrate.exitCode == 0, "\(migrate.output)")

        // A CA that did not sign the server's certificate: refused in the handshake, named in the message.
        let wrongCA =
            endpoint.url.replacingOccurrences(of: "sslmode=disable", with: "sslmode=verify-full")
            + "&sslrootcert=\(folder)/other/ca.pem"
        let refused = try await FactwireBinary.execute(["migrate"], environment: ["DATABASE_URL": wrongCA])
        #expect(refused.exitCode == 3, "\(refused.output)")
        #expect(refused.output.lowercased().contains("certificate"), "\(refused.output)")
        #expect(!refused.output.contains(endpoint.password))

        try await TestPostgres.withClient(database) { client throws in
            let submitter = try await ArticleSubmission.submit(3, client: client)
            let worker = try FactwireBinary.start(
                ["ingest-worker", "--concurrency", "2", "--no-migrate"], outputPath: "\(folder)/worker.log",
                environment: ["DATABASE_URL": secure]
            )
            defer {
                worker.send(SIGKILL)
                _ = worker.waitForExit()
            }
            try await Poll.until("the documents are ingested over TLS", limit: .seconds(60)) {
                try await DatabaseRestartTests.count(
                    client, "SELECT count(*)::int8 FROM factwire.documents WHERE state = 'ingested'")
                    >= Int64(submitter)
            }
            // Every TCP connection to this cluster (the worker's and ours) is encrypted.
            let plain = try await DatabaseRestartTests.count(
                client,
                """
                SELECT count(*)::int8 FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
                WHERE a.client_addr IS NOT NULL AND NOT s.ssl
                """)
            let encrypted = try await DatabaseRestartTests.count(
                client,
                """
                SELECT count(*)::int8 FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
                WHERE a.client_addr IS NOT NULL AND s.ssl AND a.pid <> pg_backend_pid()
                """)
            #expect(plain == 0)
            #expect(encrypted >= 2, "the worker's connections")
            worker.send(SIGTERM)
            #expect(await worker.exited() == 0, "\(worker.output.suffix(2000))")
        }
    }
}

/// Fixture articles stored and queued for the tests that need a few documents.
enum ArticleSubmission {
    static func submit(_ count: Int, client: PostgresClient) async throws -> Int {
        let submitter = DocumentSubmitter(client: client, logger: TestPostgres.logger)
        _ = try await submitter.submit(
            (0..<count).map { .init(content: Array(ArticleFixtures.article($0).utf8), mediaType: "text/plain") })
        return count
    }
}
