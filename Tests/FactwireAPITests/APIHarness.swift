import AsyncHTTPClient
import FactwireAPI
import FactwireIngest
import FactwireQueue
import FactwireStore
import FactwireTesting
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import PostgresNIO
import Synchronization
import Testing

/// A running query worker (real TLS on 127.0.0.1, a free port) with an ingest worker beside it, on a
/// fresh database, and HTTPS clients holding the development certificates.
struct APIHarness: Sendable {
    let port: Int
    let certificates: String
    let database: PostgresClient

    static let logger = TestPostgres.logger

    /// How long one request may take. A full `swift test` runs every suite at once on two cores, with
    /// worker-process drills beside it; there a `?wait=60s` submission or a dashboard page has taken
    /// more than 30 s. The tests assert answers, not speed, so the bound only has to catch a hang.
    static let requestLimit: Int64 = 120

    /// Runs `body` against a fresh server. `mutualTLS: false` runs it with bearer tokens instead.
    static func with(
        _ name: String, mutualTLS: Bool = true, maximumBodyBytes: Int = 5 * 1024 * 1024,
        configure: @Sendable (inout QueryWorker.Configuration) -> Void = { _ in },
        _ body: @Sendable (APIHarness) async throws -> Void
    ) async throws {
        let configurationOfDatabase = try await TestPostgres.makeDatabase(name)
        let folder = NSTemporaryDirectory() + "fw-api-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try DevelopmentCertificates.create(in: folder)
        try await TestPostgres.withClient(configurationOfDatabase, maximumConnections: 20) { client throws in
            try await Migrator(logger: logger).migrate(client: client)
            var configuration = QueryWorker.Configuration(
                certificatePath: "\(folder)/server.pem", privateKeyPath: "\(folder)/server-key.pem")
            configuration.port = 0
            configuration.clientCAPath = mutualTLS ? "\(folder)/ca.pem" : nil
            configuration.maximumBodyBytes = maximumBodyBytes
            configuration.database = configurationOfDatabase
            // The whole suite shares two cores and one cluster: a probe that waits 5 s for a connection
            // there is a busy machine, not an outage, and two of them would answer 503 to a test that
            // expects 200. A refused connection (a stopped server) still fails the probe at once.
            configuration.databaseProbeTimeout = .seconds(30)
            configure(&configuration)
            let (ports, portContinuation) = AsyncStream<Int>.makeStream()
            let server = QueryWorker(configuration: configuration, primary: client, logger: logger) { port in
                portContinuation.yield(port)
            }
            var registry = JobRegistry()
            registry.register(IngestHandler(client: client))
            var workerConfiguration = JobWorker.Configuration(queues: [IngestHandler.queue: 4])
            workerConfiguration.drainTimeout = .seconds(2)
            let ingest = JobWorker(
                client: client, registry: registry, configuration: workerConfiguration, logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    // A server that stops before it listens ends the port stream, so the harness fails
                    // with its error instead of waiting for a port forever.
                    defer { portContinuation.finish() }
                    try await server.run()
                }
                group.addTask { try await ingest.run() }
                defer { group.cancelAll() }
                var iterator = ports.makeAsyncIterator()
                guard let port = await iterator.next() else { throw HarnessError.noPort }
                try await body(APIHarness(port: port, certificates: folder, database: client))
            }
        }
    }

    enum HarnessError: Error { case noPort }

    /// An HTTPS client presenting the certificate of `role` (nil: none), trusting the development CA
    /// (or `trusting` another PEM).
    func client(role: Role?, certificate: String? = nil, key: String? = nil) throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile("\(certificates)/ca.pem"))
        if let role {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(
                certificate ?? "\(certificates)/client-\(role.rawValue).pem"
            ).map { .certificate($0) }
            tls.privateKey = .privateKey(
                try NIOSSLPrivateKey(file: key ?? "\(certificates)/client-\(role.rawValue)-key.pem", format: .pem))
        }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        // A SYN that meets a full accept backlog (a test holding a thousand silent sockets, a loaded
        // machine) is retransmitted after 1, 3 and 7 s: a 5 s connect limit fails an honest client there.
        configuration.timeout = .init(connect: .seconds(20), read: .seconds(Self.requestLimit))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    struct Reply: Sendable {
        var status: Int
        var body: String
        var contentType: String?
        var link: String?
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] }
    }

    /// One request; the client is shut down afterwards.
    func request(
        _ method: HTTPMethod = .GET, _ path: String, role: Role? = .read, body: [UInt8]? = nil,
        contentType: String? = nil,
        headers: [(String, String)] = [], client given: HTTPClient? = nil
    ) async throws -> Reply {
        let client = try given ?? self.client(role: role)
        var request = HTTPClientRequest(url: "https://localhost:\(port)\(path)")
        request.method = method
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await client.execute(request, timeout: .seconds(Self.requestLimit))
            let buffer = try await response.body.collect(upTo: 16 * 1024 * 1024)
            let reply = Reply(
                status: Int(response.status.code), body: String(buffer: buffer),
                contentType: response.headers.first(name: "Content-Type"),
                link: response.headers.first(name: "Link"))
            if given == nil { try await client.shutdown() }
            return reply
        } catch {
            if given == nil { try? await client.shutdown() }
            throw error
        }
    }

    func count(_ query: PostgresQuery) async throws -> Int64 {
        for try await n in try await database.query(query, logger: Self.logger).decode(Int64.self) { return n }
        return 0
    }
}
