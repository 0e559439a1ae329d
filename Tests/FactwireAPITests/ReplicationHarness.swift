import AsyncHTTPClient
import EmbeddedPostgres
import FactwireAPI
import FactwireStore
import FactwireTesting
import Foundation
import Logging
import PostgresNIO

/// A primary and a streaming standby made with `pg_basebackup -R`, each an embedded cluster on a fixed
/// loopback port (so URLs stay valid across restarts), with the `factwire` database migrated on the primary
/// before the copy.
struct ReplicatedPair {
    let folder: String
    let primary: EmbeddedPostgres
    let standby: EmbeddedPostgres
    let primaryEndpoint: EmbeddedPostgres.Endpoint
    let standbyEndpoint: EmbeddedPostgres.Endpoint

    static let logger = TestPostgres.logger

    static func start(_ name: String) async throws -> ReplicatedPair {
        let folder = NSTemporaryDirectory() + "fw-\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let binaries = try TestPostgres.binaries().directory
        var primaryConfiguration = EmbeddedPostgres.Configuration(home: "\(folder)/primary")
        primaryConfiguration.port = try QueryWorkerProcessTests.freePort()
        primaryConfiguration.binDirectory = binaries
        let primary = EmbeddedPostgres(configuration: primaryConfiguration, logger: logger)
        let primaryEndpoint = try await primary.start()
        let database = try DatabaseConfiguration(url: primaryEndpoint.url)
        try await database.createDatabaseIfMissing(logger: logger)
        _ = try await TestPostgres.withClient(database) { client in
            try await Migrator(logger: logger).migrate(client: client)
        }
        var standbyConfiguration = EmbeddedPostgres.Configuration(home: "\(folder)/standby")
        standbyConfiguration.port = try QueryWorkerProcessTests.freePort()
        standbyConfiguration.binDirectory = binaries
        standbyConfiguration.standbyOf = primaryEndpoint
        let standby = EmbeddedPostgres(configuration: standbyConfiguration, logger: logger)
        let standbyEndpoint = try await standby.start()
        try DevelopmentCertificates.create(in: "\(folder)/tls")
        return ReplicatedPair(
            folder: folder, primary: primary, standby: standby, primaryEndpoint: primaryEndpoint,
            standbyEndpoint: standbyEndpoint)
    }

    func stop() {
        try? standby.stopBlocking(mode: .immediate)
        try? primary.stopBlocking(mode: .immediate)
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The query worker's TLS flags, with the pair's development certificates.
    var tlsArguments: [String] {
        [
            "--listen", "127.0.0.1:0", "--tls-cert", "\(folder)/tls/server.pem", "--tls-key",
            "\(folder)/tls/server-key.pem", "--client-ca", "\(folder)/tls/ca.pem"
        ]
    }

    /// An HTTPS client holding the admin certificate.
    func httpClient() throws -> HTTPClient { try Self.httpClient(folder: folder) }

    /// An HTTPS client holding the admin certificate of `folder/tls` (``DevelopmentCertificates``).
    static func httpClient(folder: String) throws -> HTTPClient {
        HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(
                tlsConfiguration: try QueryWorkerProcessTests.tls(
                    trusting: "\(folder)/tls/ca.pem", certificate: "\(folder)/tls/client-admin.pem",
                    key: "\(folder)/tls/client-admin-key.pem")))
    }

    /// The first value of a query on one server, over a connection of its own.
    static func value<T: PostgresDecodable & Sendable>(
        _ endpoint: EmbeddedPostgres.Endpoint, _ query: PostgresQuery, as type: T.Type = T.self
    ) async throws -> T? {
        let configuration = try DatabaseConfiguration(url: endpoint.url)
        let connection = try await PostgresConnection.connect(
            configuration: try configuration.connectionConfiguration(timeout: .seconds(5)), id: 0, logger: logger)
        defer { Task { try? await connection.close() } }
        for try await value in try await connection.query(query, logger: logger).decode(T.self) { return value }
        return nil
    }

    /// A sample's value from a Prometheus scrape, by metric name and labels as written (`name{labels}`).
    static func metric(_ scrape: String, _ series: String) -> Double? {
        for line in scrape.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }
}
