import AsyncHTTPClient
import FactwireAPI
import FactwireStore
import FactwireTesting
import Foundation
import Hummingbird
import NIOCore
import NIOSSL
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// One document's trace, across the two processes, exported over OTLP/HTTP to a receiver in the test.
@Suite("Tracing over OTLP", .serialized, .timeLimit(.minutes(3)))
struct TracingTests {
    /// The parts of OTLP/JSON (`ExportTraceServiceRequest`) the test reads.
    struct Export: Decodable {
        struct ResourceSpans: Decodable {
            var resource: Resource?
            var scopeSpans: [ScopeSpans]?
        }
        struct Resource: Decodable { var attributes: [Attribute]? }
        struct Attribute: Decodable {
            var key: String
            var value: Value
        }
        struct Value: Decodable { var stringValue: String? }
        struct ScopeSpans: Decodable { var spans: [Span]? }
        struct Span: Decodable {
            var traceId: String
            var spanId: String
            var parentSpanId: String?
            var name: String
            var kind: Int?
        }
        var resourceSpans: [ResourceSpans]?
    }

    struct ReceivedSpan: Sendable, Equatable {
        var service: String
        var traceID: String
        var spanID: String
        var parentID: String
        var name: String
        var kind: Int
    }

    /// An OTLP/HTTP receiver: keeps every span posted to /v1/traces.
    final class Receiver: Sendable {
        let spans = Mutex<[ReceivedSpan]>([])

        func take(_ body: ByteBuffer) {
            guard let export = try? JSONDecoder().decode(Export.self, from: Data(buffer: body)) else { return }
            var received: [ReceivedSpan] = []
            for resource in export.resourceSpans ?? [] {
                let service =
                    resource.resource?.attributes?.first { $0.key == "service.name" }?.value.stringValue ?? ""
                for scope in resource.scopeSpans ?? [] {
                    for span in scope.spans ?? [] {
                        received.append(
                            ReceivedSpan(
                                service: service, traceID: Self.hex(span.traceId), spanID: Self.hex(span.spanId),
                                parentID: Self.hex(span.parentSpanId ?? ""), name: span.name, kind: span.kind ?? 0))
                    }
                }
            }
            spans.withLock { $0 += received }
        }

        /// An id as hex: OTLP/JSON writes hex, protobuf's JSON mapping (which swift-otel follows) base64.
        static func hex(_ id: String) -> String {
            if id.count == 32 || id.count == 16, id.allSatisfy(\.isHexDigit) { return id.lowercased() }
            guard let bytes = Data(base64Encoded: id) else { return id }
            return bytes.map { String(format: "%02x", $0) }.joined()
        }
    }

    @Test(
        "POST /v1/documents with a traceparent: one trace from the HTTP request through enqueue to the ingest job and its SQL"
    )
    func documentTrace() async throws {
        let receiver = Receiver()
        let router = Router()
        router.post("/v1/traces") { request, _ -> Response in
            receiver.take(try await request.body.collect(upTo: 16 << 20))
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "{}")))
        }
        let portBox = Mutex<Int?>(nil)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portBox.withLock { $0 = channel.localAddress?.port } })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            defer { group.cancelAll() }
            try await Poll.until("the receiver listens") { portBox.withLock { $0 } != nil }
            let receiverPort = try #require(portBox.withLock { $0 })
            try await Self.traceOneDocument(receiver: receiver, receiverPort: receiverPort)
        }
    }

    static func traceOneDocument(receiver: Receiver, receiverPort: Int) async throws {
        let database = try await TestPostgres.makeDatabase("tracing")
        let folder = NSTemporaryDirectory() + "fw-trace-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try DevelopmentCertificates.create(in: "\(folder)/tls")
        let environment = [
            "DATABASE_URL": FactwireBinary.url(database),
            "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:\(receiverPort)",
            "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json", "OTEL_BSP_SCHEDULE_DELAY": "100"
        ]
        let query = try FactwireBinary.start(
            [
                "query-worker", "--listen", "127.0.0.1:0", "--tls-cert", "\(folder)/tls/server.pem", "--tls-key",
                "\(folder)/tls/server-key.pem", "--client-ca", "\(folder)/tls/ca.pem"
            ],
            outputPath: "\(folder)/query.log", environment: environment)
        let port = try #require(try await FactwireBinary.listeningPort(of: query), "\(query.output)")
        let ingest = try FactwireBinary.start(
            ["ingest-worker", "--no-migrate"], outputPath: "\(folder)/ingest.log", environment: environment)
        defer {
            for process in [query, ingest] {
                process.send(SIGTERM)
                _ = process.waitForExit()
            }
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile("\(folder)/tls/ca.pem"))
        tls.certificateChain = try NIOSSLCertificate.fromPEMFile("\(folder)/tls/client-ingest.pem").map {
            .certificate($0)
        }
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: "\(folder)/tls/client-ingest-key.pem", format: .pem))
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        defer { _ = http.shutdown() }

        // The caller's own trace: every span below must join it.
        let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
        let callerSpan = "00f067aa0ba902b7"
        var request = HTTPClientRequest(url: "https://localhost:\(port)/v1/documents")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "text/plain")
        request.headers.add(name: "traceparent", value: "00-\(traceID)-\(callerSpan)-01")
        request.body = .bytes(ByteBuffer(string: ArticleFixtures.article(3)))
        let response = try await http.execute(request, timeout: .seconds(60))
        _ = try await response.body.collect(upTo: 1 << 20)
        #expect(response.status == .accepted, "\(response.status)")

        // The job's span ends after its SQL spans, so it may come in a later export batch: wait for both.
        try await Poll.until("the ingest job's span and its SQL spans arrive", limit: .seconds(60)) {
            receiver.spans.withLock { spans in
                ["SELECT factwire.store_extraction", "factwire.ingest"].allSatisfy { name in
                    spans.contains { $0.traceID == traceID && $0.name == name }
                }
            }
        }
        let spans = receiver.spans.withLock { $0 }.filter { $0.traceID == traceID }
        func one(_ description: String, _ match: (ReceivedSpan) -> Bool) throws -> ReceivedSpan {
            let found = spans.first(where: match)
            return try #require(found, "no \(description) span in \(spans.map(\.name))")
        }
        // OTLP span kinds: 2 server, 3 client, 4 producer, 5 consumer.
        let server = try one("server") { $0.kind == 2 && $0.service == "factwire-query-worker" }
        #expect(server.parentID == callerSpan)
        let stored = try one("document insert") { $0.name == "INSERT factwire.documents" }
        #expect(stored.parentID == server.spanID && stored.kind == 3)
        let enqueue = try one("enqueue") { $0.name == "enqueue ingest" }
        #expect(enqueue.parentID == server.spanID && enqueue.kind == 4)
        let job = try one("ingest job") { $0.name == "factwire.ingest" }
        #expect(job.parentID == enqueue.spanID && job.kind == 5 && job.service == "factwire-ingest-worker")
        for name in ["SELECT factwire.documents", "SELECT factwire.store_extraction"] {
            let sql = try one(name) { $0.name == name }
            #expect(sql.parentID == job.spanID && sql.kind == 3, "\(name)")
        }
    }
}
