import Hummingbird
public import Logging
public import ServiceLifecycle

/// A plain-HTTP listener with `/metrics` (Prometheus text format) and `/healthz`, for processes that
/// serve no API of their own: the ingest worker, scraped by Prometheus and probed by Kubernetes.
/// Plain HTTP because it carries no data and binds where the operator says (a pod IP, localhost).
public struct MetricsServer: Service {
    let host: String
    let port: Int
    let logger: Logger

    public init(host: String, port: Int, logger: Logger) {
        self.host = host
        self.port = port
        self.logger = logger
    }

    public func run() async throws {
        let router = Router()
        router.get("/healthz") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(bytes: FactwireMetrics.exposition())))
        }
        let logger = self.logger
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "factwire-metrics"),
            onServerRunning: { channel in
                logger.notice(
                    "metrics listening",
                    metadata: ["address": "http://\(channel.localAddress?.description ?? "?")/metrics"])
            },
            logger: logger
        )
        try await app.run()
    }
}
