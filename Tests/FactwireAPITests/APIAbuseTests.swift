import AsyncHTTPClient
import FactwireAPI
import FactwireTesting
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Requests no well-behaved client sends, against the real TLS server: each gets the right status or a
/// closed connection, never a 500, the server keeps serving, and the database is unchanged.
@Suite("Faults: API abuse", .serialized, .timeLimit(.minutes(4)))
struct APIAbuseTests {
    /// Row counts of every table a request could touch: equal before and after means nothing was written.
    static func tableCounts(_ h: APIHarness) async throws -> [Int64] {
        var counts: [Int64] = []
        for table in ["documents", "articles", "facts", "companies", "api_tokens", "jobs", "dead_jobs"] {
            counts.append(try await h.count("SELECT count(*)::int8 FROM factwire.\(unescaped: table)"))
        }
        return counts
    }

    @Test(
        "oversized headers, path traversal, malformed JSON and injection strings: 4xx JSON or a closed connection, never 500; nothing stored"
    )
    func malformedRequests() async throws {
        try await APIHarness.with("abuse_requests") { h throws in
            let before = try await Self.tableCounts(h)

            // A 64 KiB header: refused before routing (the limit is 32 KiB).
            let big = try await RawTLSConnection.connect(h, role: .read)
            try await big.send(
                "GET /v1/facts HTTP/1.1\r\nHost: localhost\r\nX-Padding: \(String(repeating: "a", count: 64 * 1024))\r\n\r\n"
            )
            let closed = await big.waitForClose(limit: .seconds(60))
            #expect(
                closed || big.status.map { (400..<500).contains($0) } == true,
                "oversized header: \(big.text.prefix(200))")
            #expect(big.status != 500 && big.status != 200)

            // Path traversal, raw (no client normalises these away).
            for path in [
                "/../../../../etc/passwd", "/v1/articles/..%2F..%2F..%2Fetc%2Fpasswd", "/openapi.yaml/../../etc/passwd",
                "/%2e%2e/%2e%2e/etc/passwd", "/v1/facts/../../../etc/shadow", "//etc/passwd"
            ] {
                let connection = try await RawTLSConnection.connect(h, role: .read)
                try await connection.send("GET \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                // Generous: on a loaded 2-core CI machine a handshake and a 404 have taken over 10 s.
                let closed = await connection.waitForClose(limit: .seconds(60))
                #expect(
                    [400, 404].contains(connection.status ?? 0),
                    "\(path): closed \(closed), \(connection.text.prefix(300))")
                #expect(!connection.text.contains("root:"), "\(path)")
            }

            // Malformed JSON documents: 400 with the reason, nothing stored.
            for (body, type) in [
                ("{\"title\": \"x\", \"body\": ", "application/json"), ("[1, 2, 3]", "application/json"),
                (#"{"body": 42}"#, "application/json"), (String(repeating: "[", count: 50_000), "application/json"),
                ("{\"body\": \"fine text here\"}\n{broken\n", "application/x-ndjson")
            ] {
                let reply = try await h.request(
                    .POST, "/v1/documents", role: .ingest, body: Array(body.utf8), contentType: type)
                #expect(reply.status == 400, "\(body.prefix(40)): \(reply.status) \(reply.body.prefix(200))")
                #expect(
                    (reply.json?["error"] as? [String: Any])?["code"] as? String == "bad_json",
                    "\(reply.body.prefix(200))")
            }

            // Injection strings in headers and parameters are data: never a 500.
            let injections = [
                "' OR '1'='1", "1; DROP TABLE factwire.facts; --", "\\x00", "${jndi:ldap://x}",
                "<script>alert(1)</script>", "%00%27"
            ]
            for value in injections {
                let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                for path in [
                    "/v1/facts?company=\(encoded)", "/v1/articles?q=\(encoded)", "/v1/jobs/\(encoded)",
                    "/v1/articles/\(encoded)"
                ] {
                    let reply = try await h.request(
                        .GET, path, role: .admin, headers: [("Last-Event-ID", value), ("X-Forwarded-For", value)])
                    #expect(
                        [200, 400, 404].contains(reply.status), "\(path): \(reply.status) \(reply.body.prefix(200))")
                }
            }

            // A NUL character (%00) can't be stored in PostgreSQL's text: a text parameter holding one is the
            // client's 400, not a failed statement's 500.
            for path in [
                "/v1/articles?q=a%00b", "/v1/facts?company=a%00b", "/v1/facts?period=Q1%00&status=actual",
                "/v1/figures?company=%00"
            ] {
                let reply = try await h.request(.GET, path, role: .admin)
                #expect(reply.status == 400, "\(path): \(reply.status) \(reply.body.prefix(200))")
                #expect(reply.body.contains("NUL"), "\(path): \(reply.body.prefix(200))")
            }

            #expect(try await h.request(.GET, "/v1/facts", role: .read).status == 200, "the server stopped serving")
            #expect(try await Self.tableCounts(h) == before)
        }
    }

    @Test("without mutual TLS, injection strings as bearer tokens are 401 and store nothing")
    func injectedTokens() async throws {
        try await APIHarness.with("abuse_tokens", mutualTLS: false) { h throws in
            let before = try await Self.tableCounts(h)
            for value in [
                "' OR '1'='1", "1; DROP TABLE factwire.api_tokens; --", "%00", String(repeating: "A", count: 8_000),
                "fw_' UNION SELECT 1 --"
            ] {
                let reply = try await h.request(
                    .GET, "/v1/facts", role: nil, headers: [("Authorization", "Bearer \(value)")])
                #expect(reply.status == 401, "\(value.prefix(30)): \(reply.status) \(reply.body.prefix(200))")
            }
            #expect(try await Self.tableCounts(h) == before)
        }
    }

    @Test(
        "a client dripping its request head or body is cut off at the head or body timeout; others are served meanwhile, and a kept-alive connection asking steadily is never cut"
    )
    func slowDrip() async throws {
        try await APIHarness.with(
            "abuse_slow",
            configure: {
                $0.headTimeout = .seconds(2)
                $0.bodyTimeout = .seconds(3)
            }
        ) { h throws in
            let before = try await Self.tableCounts(h)
            let head = try await RawTLSConnection.connect(h, role: .read)
            let body = try await RawTLSConnection.connect(h, role: .ingest)
            // Whole requests on one kept-alive connection, half a second apart, for longer than the head
            // timeout: each response re-arms the clock, so this one must stay open throughout.
            let steady = try await RawTLSConnection.connect(h, role: .read)
            var steadySent = 0
            let started = ContinuousClock.now
            try await head.send("GET /v1/facts HTTP/1.1\r\nHost: localhost\r\n")
            try await body.send(
                "POST /v1/documents HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n"
            )
            var headClosedAfter: Duration?
            var bodyClosedAfter: Duration?
            while ContinuousClock.now < started + .seconds(25)
                && (headClosedAfter == nil || bodyClosedAfter == nil || ContinuousClock.now < started + .seconds(6))
            {
                if !steady.isClosed {
                    try? await steady.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    steadySent += 1
                }
                // One byte each half second: never idle, never finished.
                if headClosedAfter == nil { try? await head.send("X") }
                if bodyClosedAfter == nil { try? await body.send("a") }
                try await Task.sleep(for: .milliseconds(500))
                if headClosedAfter == nil && head.isClosed { headClosedAfter = started.duration(to: .now) }
                if bodyClosedAfter == nil && body.isClosed { bodyClosedAfter = started.duration(to: .now) }
                #expect(try await h.request(.GET, "/healthz", role: .read).status == 200)
            }
            // Cut well before the 30 s idle timeout could have done it (which the drip never trips anyway).
            #expect(headClosedAfter != nil, "the head drip was never cut off")
            #expect(bodyClosedAfter != nil, "the body drip was never cut off")
            #expect(
                head.status == nil && body.status == nil,
                "a dripped request was answered: \(head.text.prefix(100)) \(body.text.prefix(100))")
            #expect(try await Self.tableCounts(h) == before)
            let answered = { steady.text.components(separatedBy: "HTTP/1.1 200").count - 1 }
            try await Poll.until("the kept-alive connection's last answers arrive", limit: .seconds(30)) {
                answered() >= steadySent || steady.isClosed
            }
            #expect(!steady.isClosed, "a connection sending whole requests was cut off")
            #expect(
                answered() == steadySent,
                "\(steadySent) requests sent on the kept-alive connection, answers: \(steady.text.prefix(300))")
            steady.channel.close(promise: nil)
            print(
                "slow drip: head cut after \(headClosedAfter.map { "\($0)" } ?? "-"), body cut after \(bodyClosedAfter.map { "\($0)" } ?? "-")"
            )
        }
    }

    /// A client configuration with the harness's CA and its read certificate, for tests that vary TLS settings.
    static func readerTLS(_ h: APIHarness) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile("\(h.certificates)/ca.pem"))
        tls.certificateChain = try NIOSSLCertificate.fromPEMFile("\(h.certificates)/client-read.pem").map {
            .certificate($0)
        }
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: "\(h.certificates)/client-read-key.pem", format: .pem))
        return tls
    }

    @Test(
        "TLS 1.0 and 1.1 handshakes are refused; 1.2 and 1.3 are served; TLS 1.2 without forward secrecy or AEAD is refused"
    )
    func oldTLS() async throws {
        try await APIHarness.with("abuse_tls") { h throws in
            for suites in ["ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA", "AES128-GCM-SHA256"] {
                var tls = try Self.readerTLS(h)
                tls.maximumTLSVersion = .tlsv12
                tls.cipherSuites = suites
                let outcome = await TLSProbe.run(port: h.port, tls: tls, path: "/v1/facts")
                #expect(outcome.isRefused, "\(suites) was accepted: \(outcome)")
            }
            for version in [TLSVersion.tlsv1, .tlsv11] {
                var tls = try Self.readerTLS(h)
                tls.minimumTLSVersion = .tlsv1
                tls.maximumTLSVersion = version
                let outcome = await TLSProbe.run(port: h.port, tls: tls, path: "/v1/facts")
                #expect(outcome.isRefused, "\(version) was accepted: \(outcome)")
            }
            for version in [TLSVersion.tlsv12, .tlsv13] {
                var tls = try Self.readerTLS(h)
                tls.minimumTLSVersion = version
                tls.maximumTLSVersion = version
                let outcome = await TLSProbe.run(port: h.port, tls: tls, path: "/v1/facts")
                #expect(outcome.status == 200, "\(version): \(outcome)")
            }
        }
    }

    @Test("1,000 concurrent HTTP/1.1 connections are all served")
    func thousandConnections() async throws {
        // This process holds both ends of every connection: raise its descriptor limit as the server does.
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        try #require(limit.rlim_cur >= 4_096, "the hard open-file limit (\(limit.rlim_max)) is too low for this test")
        try await APIHarness.with("abuse_conns") { h throws in
            var configuration = HTTPClient.Configuration(tlsConfiguration: try Self.clientTLS(h))
            configuration.httpVersion = .http1Only
            configuration.connectionPool = .init(
                idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 1_000)
            configuration.timeout = .init(connect: .seconds(30), read: .seconds(60))
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            let started = ContinuousClock.now
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<1_000 {
                    group.addTask {
                        let path = index % 2 == 0 ? "/healthz" : "/v1/articles?limit=1"
                        let response = try await client.execute(
                            HTTPClientRequest(url: "https://localhost:\(h.port)\(path)"), timeout: .seconds(60))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        return Int(response.status.code)
                    }
                }
                var statuses: [Int: Int] = [:]
                for try await status in group { statuses[status, default: 0] += 1 }
                return statuses
            }
            try await client.shutdown().get()
            #expect(statuses == [200: 1_000], "\(statuses)")
            print("1,000 concurrent connections: \(statuses) in \(started.duration(to: .now))")
            #expect(try await h.request(.GET, "/v1/facts", role: .read).status == 200)
        }
    }

    static func clientTLS(_ h: APIHarness) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile("\(h.certificates)/ca.pem"))
        tls.certificateChain = try NIOSSLCertificate.fromPEMFile("\(h.certificates)/client-read.pem").map {
            .certificate($0)
        }
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: "\(h.certificates)/client-read-key.pem", format: .pem))
        return tls
    }
}

/// A raw TLS connection for requests no HTTP client library would send.
final class RawTLSConnection: Sendable {
    let channel: any Channel
    private let received: ReceivedBytes

    final class ReceivedBytes: Sendable {
        let bytes = Mutex<[UInt8]>([])
    }

    final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let received: ReceivedBytes
        init(_ received: ReceivedBytes) { self.received = received }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            received.bytes.withLock { $0 += buffer.readableBytesView }
        }
        func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
    }

    private init(channel: any Channel, received: ReceivedBytes) {
        self.channel = channel
        self.received = received
    }

    static func connect(_ h: APIHarness, role: Role) async throws -> RawTLSConnection {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile("\(h.certificates)/ca.pem"))
        tls.certificateChain = try NIOSSLCertificate.fromPEMFile("\(h.certificates)/client-\(role.rawValue).pem").map {
            .certificate($0)
        }
        tls.privateKey = .privateKey(
            try NIOSSLPrivateKey(file: "\(h.certificates)/client-\(role.rawValue)-key.pem", format: .pem))
        tls.applicationProtocols = ["http/1.1"]
        let context = try NIOSSLContext(configuration: tls)
        let received = ReceivedBytes()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        NIOSSLClientHandler(context: context, serverHostname: "localhost"))
                    try channel.pipeline.syncOperations.addHandler(Collector(received))
                }
            }
            .connect(host: "127.0.0.1", port: h.port).get()
        return RawTLSConnection(channel: channel, received: received)
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text)).get()
    }

    var isClosed: Bool { !channel.isActive }

    /// True when the server closed the connection within `limit`.
    func waitForClose(limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while channel.isActive && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if channel.isActive {
            channel.close(promise: nil)
            return false
        }
        return true
    }

    var text: String { String(decoding: received.bytes.withLock { $0 }, as: UTF8.self) }

    /// The status of the first response, if one arrived.
    var status: Int? {
        let line = text.prefix { $0 != "\r" }
        let parts = line.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/") else { return nil }
        return Int(parts[1])
    }
}
