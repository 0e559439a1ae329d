import FactwireObservability
import FactwireQueue
public import FactwireStore
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
public import Logging
import NIOCore
import NIOSSL
public import PostgresNIO
public import ServiceLifecycle
import SwiftASN1
import Synchronization
import UnixSignals
import X509

/// The query worker: the HTTPS API over TLS (1.2 minimum, 1.3 preferred, HTTP/2 or HTTP/1.1 by ALPN),
/// optionally requiring client certificates. Any number of these can run behind a load balancer; they
/// share nothing but PostgreSQL.
public struct QueryWorker: Service {
    /// Where and how the worker listens.
    public struct Configuration: Sendable {
        public var host = "127.0.0.1"
        public var port = 8443
        /// PEM certificate chain and private key of the server. Re-read on SIGHUP.
        public var certificatePath: String
        public var privateKeyPath: String
        /// PEM CA certificates: when set, clients must present a certificate signed by one of them.
        public var clientCAPath: String?
        /// Certificate common name → role, for names that are not a role's own name.
        public var roles: [String: Role] = [:]
        /// Request bodies above this are refused with 413 (default 5 MiB).
        public var maximumBodyBytes = 5 * 1024 * 1024
        /// Connections idle longer than this are closed, so slow clients cannot hold them.
        public var idleTimeout: Duration = .seconds(30)
        /// A request's head must arrive within this long of the connection being free to send one, and
        /// its body within ``bodyTimeout`` after that; a client dripping bytes is cut off.
        public var headTimeout: Duration = .seconds(20)
        public var bodyTimeout: Duration = .seconds(60)
        /// Largest single header field and all header fields together, in bytes; larger requests are
        /// refused before routing (nginx allows 8 KiB per line, most servers 8–16 KiB).
        public var maximumHeaderBytes = 32 * 1024
        /// The database `primary` connects to. The availability probe (503 while PostgreSQL is down) opens
        /// its own connections with it, so a saturated pool is not mistaken for an outage. Nil: the probe
        /// borrows pool connections.
        public var database: DatabaseConfiguration?
        /// How long one availability probe may take to connect and answer `SELECT 1`. Two slow or failed
        /// probes in a row close the gate, so on a host loaded enough to take this long to accept a
        /// connection the API answers 503 (shedding load) until a probe is quick again. Default 5 s.
        public var databaseProbeTimeout: Duration = .seconds(5)
        /// At most this many `GET /v1/events` streams at once.
        public var maximumEventClients = 256
        /// At most this many `POST /v1/documents?wait=` requests waiting at once (a cap of their own).
        public var maximumWaiters = 1024
        /// A connection must complete its TLS handshake within this long, or it is closed.
        public var handshakeTimeout: Duration = .seconds(10)
        /// At most this many connections may be in their TLS handshake at once; more are closed on accept.
        public var maximumPendingHandshakes = 2048
        /// Open a server span per request (continuing a `traceparent` header), for the process's tracer.
        /// Off, requests pay nothing for tracing. Default false; the command turns it on with OTLP.
        public var tracing = false

        public init(certificatePath: String, privateKeyPath: String) {
            self.certificatePath = certificatePath
            self.privateKeyPath = privateKeyPath
        }
    }

    let configuration: Configuration
    let primary: PostgresClient
    let reads: ReadRouter
    let events: EventSource
    let logger: Logger

    /// Where the query worker hears finished jobs (for `?wait`, `/v1/events` and token revocations).
    public enum EventSource: Sendable {
        /// LISTEN on the primary's pool.
        case primary
        /// LISTEN on this pool: a direct connection, when the primary's goes through PgBouncer in transaction mode.
        case listen(PostgresClient)
        /// Nowhere to LISTEN: waiting requests and event streams re-read the tables every second.
        case polling
    }
    let onListening: (@Sendable (Int) async -> Void)?

    /// - Parameters:
    ///   - primary: writes, job state and `?wait` answers.
    ///   - reads: where read queries go (a replica while it serves); default all on `primary`.
    ///   - events: where finished jobs are heard. Default: LISTEN on `primary`.
    ///   - onListening: called with the bound port (port 0 picks a free one).
    public init(
        configuration: Configuration, primary: PostgresClient, reads: ReadRouter? = nil,
        events: EventSource = .primary, logger: Logger,
        onListening: (@Sendable (Int) async -> Void)? = nil
    ) {
        self.configuration = configuration
        self.primary = primary
        self.reads = reads ?? ReadRouter(primary: primary, replica: nil, logger: logger)
        self.events = events
        self.logger = logger
        self.onListening = onListening
        FactwireMetrics.describe(APIMetricHelp.texts.merging(QueueMetricHelp.texts) { $1 })
    }

    public func run() async throws {
        let certificates = try CertificateStore(
            certificatePath: configuration.certificatePath, privateKeyPath: configuration.privateKeyPath)
        let tls = try makeTLSConfiguration(certificates)
        let tokens = TokenCache()
        let listener: PostgresClient? =
            switch events {
            case .primary: primary
            case .listen(let client): client
            case .polling: nil
            }
        let hub = EventHub(client: listener, logger: logger, tokens: tokens)
        let requests = RequestCounter()
        let gate =
            configuration.database.map {
                DatabaseGate(database: $0, timeout: configuration.databaseProbeTimeout, logger: logger)
            } ?? DatabaseGate(client: primary, timeout: configuration.databaseProbeTimeout, logger: logger)
        let router = Router(context: APIContext.self)
        if configuration.tracing { router.add(middleware: TracingMiddleware()) }
        router.add(middleware: CountingMiddleware(requests: requests))
        router.add(middleware: DatabaseErrorMiddleware(gate: gate))
        router.add(middleware: OriginGuard())
        router.add(
            middleware: AccessMiddleware(
                mutualTLS: configuration.clientCAPath != nil, roles: configuration.roles,
                tokens: APITokens(client: primary, cache: tokens)))
        DocumentRoutes(
            client: primary, hub: hub, maximumBodyBytes: configuration.maximumBodyBytes,
            maximumWaiters: configuration.maximumWaiters,
            logger: logger
        ).register(on: router)
        ReadRoutes(reads: reads, primary: primary).register(on: router)
        OperationsRoutes(
            primary: primary, hub: hub, maximumEventClients: configuration.maximumEventClients, requests: requests
        ).register(on: router)
        DashboardRoutes(primary: primary, reads: reads, hub: hub).register(on: router)
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }

        var http2 = HTTP2UpgradeChannel.Configuration()
        http2.idleTimeout = configuration.idleTimeout
        let (head, body) = (Self.timeAmount(configuration.headTimeout), Self.timeAmount(configuration.bodyTimeout))
        // HTTP/1.1 connections and HTTP/2 streams: idle timeout, header limits and the slow-request guard.
        http2.streamConfiguration = .init(
            additionalChannelHandlers: [SlowRequestGuard(headTimeout: head, bodyTimeout: body)],
            idleTimeout: Self.timeAmount(configuration.idleTimeout),
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: configuration.maximumHeaderBytes,
                maxHeaderListSize: configuration.maximumHeaderBytes, maxHeaderFieldCount: 200
            )
        )
        let onListening = self.onListening
        let app = Application(
            router: router,
            server: Self.guardedServer(
                tls: tls, configuration: http2, handshakeTimeout: Self.timeAmount(configuration.handshakeTimeout),
                pending: PendingHandshakes(maximum: configuration.maximumPendingHandshakes)),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "factwire"),
            onServerRunning: { channel in await onListening?(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        let reloader = CertificateReloader(store: certificates, logger: logger)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await hub.run() }
            group.addTask { await reloader.run() }
            group.addTask { await gate.run() }
            try await app.run()
            group.cancelAll()
        }
    }

    /// The TLS 1.2 cipher suites offered: ECDHE key exchange with AES-GCM or ChaCha20-Poly1305.
    static let cipherSuites = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305"
    ].joined(separator: ":")

    /// HTTP/1.1 and HTTP/2 over TLS (ALPN), behind ``HandshakeGuardChannel``.
    static func guardedServer(
        tls: TLSConfiguration, configuration: HTTP2UpgradeChannel.Configuration, handshakeTimeout: TimeAmount,
        pending: PendingHandshakes
    ) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            HandshakeGuardChannel(
                base: try HTTP2UpgradeChannel(
                    tlsConfiguration: tls, configuration: configuration, responder: responder),
                timeout: handshakeTimeout, pending: pending
            )
        }
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    func makeTLSConfiguration(_ certificates: CertificateStore) throws -> TLSConfiguration {
        let current = certificates.current
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: current.chain, privateKey: current.key)
        tls.minimumTLSVersion = .tlsv12
        // TLS 1.2 only with forward-secret AEAD suites (Mozilla's "intermediate" list); TLS 1.3's are all such.
        tls.cipherSuites = Self.cipherSuites
        tls.shutdownTimeout = .milliseconds(500)
        // New handshakes take whatever certificate SIGHUP last loaded; open connections keep theirs.
        tls.sslContextCallback = { _, promise in
            var override = NIOSSLContextConfigurationOverride()
            let now = certificates.current
            override.certificateChain = now.chain
            override.privateKey = now.key
            promise.succeed(override)
        }
        if let clientCA = configuration.clientCAPath {
            // The client certificate is asked for, and a presented one must chain to the client CA (else the
            // handshake fails), but none is required in the handshake: routes enforce roles themselves
            // (401 without a certificate), so health probes and Prometheus reach /healthz, /readyz and
            // /metrics without one. Host names are not checked: clients connect from any address.
            tls.certificateVerification = .optionalVerification
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(clientCA))
        }
        return tls
    }
}

/// Counts requests for `/metrics`.
struct CountingMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let requests: RequestCounter
    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response)
        async throws -> Response
    {
        requests.value.add(1, ordering: .relaxed)
        return try await next(request, context)
    }
}

/// Requests answered by this process.
final class RequestCounter: Sendable {
    let value = Atomic<Int>(0)
}

/// The server's certificate and key, replaceable while the server runs.
final class CertificateStore: Sendable {
    struct Loaded: Sendable {
        var chain: [NIOSSLCertificateSource]
        var key: NIOSSLPrivateKeySource
    }

    let certificatePath: String
    let privateKeyPath: String
    private let loaded: Mutex<Loaded>

    init(certificatePath: String, privateKeyPath: String) throws {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        loaded = Mutex(try Self.load(certificatePath, privateKeyPath))
    }

    var current: Loaded { loaded.withLock { $0 } }

    /// Reads the files again; on error keeps the previous pair.
    func reload() throws {
        let fresh = try Self.load(certificatePath, privateKeyPath)
        loaded.withLock { $0 = fresh }
    }

    static func load(_ certificatePath: String, _ privateKeyPath: String) throws -> Loaded {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificatePath).map {
                NIOSSLCertificateSource.certificate($0)
            }
            guard !chain.isEmpty else { throw QueryWorkerError(message: "\(certificatePath) holds no certificate") }
            let key = try NIOSSLPrivateKey(file: privateKeyPath, format: .pem)
            try checkPair(certificatePath, privateKeyPath)
            return Loaded(chain: chain, key: .privateKey(key))
        } catch let error as QueryWorkerError {
            throw error
        } catch {
            throw QueryWorkerError(
                message: "cannot load the TLS certificate \(certificatePath) and key \(privateKeyPath): \(error)")
        }
    }
}

extension CertificateStore {
    /// Throws when the private key is not the key of the chain's first certificate: such a pair loads, but
    /// every handshake then fails. Key types swift-certificates does not read are not checked.
    static func checkPair(_ certificatePath: String, _ privateKeyPath: String) throws {
        guard let certificateText = try? String(contentsOfFile: certificatePath, encoding: .utf8),
            let keyText = try? String(contentsOfFile: privateKeyPath, encoding: .utf8),
            let leafPEM = try? PEMDocument.parseMultiple(pemString: certificateText).first(where: {
                $0.discriminator == "CERTIFICATE"
            }),
            let leaf = try? Certificate(pemDocument: leafPEM),
            let key = try? Certificate.PrivateKey(pemEncoded: keyText)
        else { return }
        guard key.publicKey == leaf.publicKey else {
            throw QueryWorkerError(
                message:
                    "the private key \(privateKeyPath) does not belong to the certificate \(certificatePath) (\(leaf.subject))"
            )
        }
    }
}

/// Reloads the certificate on SIGHUP.
struct CertificateReloader {
    let store: CertificateStore
    let logger: Logger

    func run() async {
        for await _ in await UnixSignalsSequence(trapping: .sighup) {
            do {
                try store.reload()
                logger.notice("TLS certificate reloaded", metadata: ["certificate": "\(store.certificatePath)"])
            } catch {
                logger.error("TLS certificate reload failed; keeping the previous one", metadata: ["error": "\(error)"])
            }
        }
    }
}

/// The query worker cannot start as configured.
public struct QueryWorkerError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
