import AsyncHTTPClient
import FactwireAPI
import FactwireCore
import FactwireIngest
import FactwireQueue
public import FactwireStore
import Foundation
public import Logging
import NIOCore
import NIOSSL
public import PostgresNIO

/// Requests/s and p50/p99 latency of the HTTPS API over TLS keep-alive.
///
/// The query worker runs in this process next to the load generator (AsyncHTTPClient, `connections`
/// HTTP/1.1 keep-alive connections with client certificates), as they share the machine in the target.
/// The database gets `documents` generated articles first, ingested through the queue.
public struct APIBenchmark: Sendable {
    public struct Configuration: Sendable {
        /// Concurrent keep-alive connections.
        public var connections = 64
        /// Seconds per measured route.
        public var seconds = 10.0
        /// Generated articles to load first.
        public var documents = 500
        public init() {}
    }

    /// One route's figures.
    public struct Route: Encodable, Sendable {
        public var requests: Int
        public var requestsPerSecond: Int
        public var p50: Double
        public var p99: Double
        public var errors: Int

        enum CodingKeys: String, CodingKey {
            case requests, errors
            case requestsPerSecond = "requests_per_s"
            case p50 = "p50_ms"
            case p99 = "p99_ms"
        }
    }

    public struct Report: Encodable, Sendable {
        public var benchmark = "api"
        public var connections: Int
        public var secondsPerRoute: Double
        public var tls = "mutual"
        public var factsByCompany: Route
        public var articleByID: Route

        enum CodingKeys: String, CodingKey {
            case benchmark, connections, tls
            case secondsPerRoute = "seconds_per_route"
            case factsByCompany = "facts_by_company"
            case articleByID = "article_by_id"
        }
    }

    let configuration: Configuration
    let client: PostgresClient
    let database: DatabaseConfiguration
    let logger: Logger

    public init(configuration: Configuration, client: PostgresClient, database: DatabaseConfiguration, logger: Logger) {
        self.configuration = configuration
        self.client = client
        self.database = database
        self.logger = logger
    }

    /// Starts a query worker with mutual TLS (``BenchServer``), loads the corpus, then measures each route for
    /// `seconds`.
    public func run() async throws -> Report {
        try await BenchServer.run(
            client: client, database: database, logger: logger, documents: configuration.documents, mutualTLS: true
        ) { server in
            let http = try httpClient(server.certificates)
            defer { _ = http.shutdown() }
            let base = "https://localhost:\(server.port)"
            let facts = try await measure(http, url: "\(base)/v1/facts?company=\(server.company)&limit=20")
            let articles = try await measure(http, url: "\(base)/v1/articles/\(server.article)")
            return Report(
                connections: configuration.connections, secondsPerRoute: configuration.seconds,
                factsByCompany: facts, articleByID: articles)
        }
    }

    func httpClient(_ folder: String) throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile("\(folder)/ca.pem"))
        tls.certificateChain = try NIOSSLCertificate.fromPEMFile("\(folder)/client-read.pem").map { .certificate($0) }
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: "\(folder)/client-read-key.pem", format: .pem))
        var http = HTTPClient.Configuration(tlsConfiguration: tls)
        http.httpVersion = .http1Only
        http.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.connections)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
    }

    /// `connections` loops requesting `url` for `seconds`; returns requests/s, p50, p99 and errors.
    func measure(_ client: HTTPClient, url: String) async throws -> Route {
        // Warm up: open the connections (TLS handshakes are not what is measured).
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<configuration.connections {
                group.addTask {
                    _ = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10)).body.collect(
                        upTo: 1 << 22)
                }
            }
            try await group.waitForAll()
        }
        let deadline = ContinuousClock.now + .milliseconds(Int64(configuration.seconds * 1000))
        let start = ContinuousClock.now
        let samples = try await withThrowingTaskGroup(of: ([Double], Int).self) { group in
            for _ in 0..<configuration.connections {
                group.addTask {
                    var latencies: [Double] = []
                    var errors = 0
                    while ContinuousClock.now < deadline {
                        let t0 = ContinuousClock.now
                        do {
                            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
                            _ = try await response.body.collect(upTo: 1 << 22)
                            if response.status != .ok { errors += 1 }
                        } catch {
                            errors += 1
                        }
                        latencies.append((ContinuousClock.now - t0).seconds * 1000)
                    }
                    return (latencies, errors)
                }
            }
            var all: [Double] = []
            var errors = 0
            for try await (latencies, failed) in group {
                all += latencies
                errors += failed
            }
            return (all.sorted(), errors)
        }
        let elapsed = (ContinuousClock.now - start).seconds
        let latencies = samples.0
        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            return (latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] * 100).rounded() / 100
        }
        return Route(
            requests: latencies.count, requestsPerSecond: Int(Double(latencies.count) / elapsed),
            p50: percentile(0.5), p99: percentile(0.99), errors: samples.1)
    }
}
