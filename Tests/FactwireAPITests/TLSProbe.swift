import NIOCore
import NIOPosix
import NIOSSL

/// One TLS connection that sends one plain HTTP/1.1 request and reads what comes back, for tests that
/// expect the server to refuse a handshake.
///
/// AsyncHTTPClient is the wrong tool there: its pool treats a failed handshake as a connection error to
/// retry with backoff until the request's deadline, so each refusal costs the whole timeout, and a
/// deadline that fires during a reconnect attempt has left test runs waiting forever. This probe makes
/// exactly one attempt and is bounded by `limit` on its own event loop.
enum TLSProbe {
    enum Outcome: Sendable, CustomStringConvertible {
        /// The server answered; the status line (or the start of whatever came back).
        case answered(String)
        /// The connection failed, was closed without an answer, or the handshake was refused.
        case refused(String)

        var description: String {
            switch self {
            case .answered(let head): "answered: \(head)"
            case .refused(let reason): "refused: \(reason)"
            }
        }

        var isRefused: Bool { if case .refused = self { true } else { false } }

        /// The HTTP status of an answer.
        var status: Int? {
            guard case .answered(let head) = self else { return nil }
            return head.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        }
    }

    /// Connects to 127.0.0.1:`port` with `tls` (server name "localhost"), sends `GET path`, and reports
    /// whether any answer arrived before the connection ended or `limit` passed.
    static func run(port: Int, tls: TLSConfiguration?, path: String = "/healthz", limit: TimeAmount = .seconds(10))
        async -> Outcome
    {
        let group = MultiThreadedEventLoopGroup.singleton
        let loop = group.next()
        let done = loop.makePromise(of: Outcome.self)
        let context: NIOSSLContext?
        do {
            context = try tls.map { try NIOSSLContext(configuration: $0) }
        } catch {
            return .refused("client TLS configuration: \(error)")
        }
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(limit)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let context {
                        let handler = try NIOSSLClientHandler(context: context, serverHostname: "localhost")
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                    try channel.pipeline.syncOperations.addHandler(Collector(path: path, done: done))
                }
            }
        let timer = loop.scheduleTask(in: limit) { done.succeed(.refused("no answer within \(limit)")) }
        let connection = bootstrap.connect(host: "127.0.0.1", port: port)
        connection.whenFailure { done.succeed(.refused("connect: \($0)")) }
        let outcome = (try? await done.futureResult.get()) ?? .refused("probe failed")
        timer.cancel()
        if let channel = try? await connection.get() { try? await channel.close() }
        return outcome
    }

    /// Sends the request once the channel is active and settles `done` with the first answer or the end.
    private final class Collector: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let path: String
        let done: EventLoopPromise<Outcome>
        var received = ""
        var failure: (any Error)?

        init(path: String, done: EventLoopPromise<Outcome>) {
            self.path = path
            self.done = done
        }

        func channelActive(context: ChannelHandlerContext) {
            let request = "GET \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: request)), promise: nil)
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            received += String(buffer: unwrapInboundIn(data))
            if received.hasPrefix("HTTP/"), let line = received.split(separator: "\r\n", maxSplits: 1).first,
                received.contains("\r\n")
            {
                done.succeed(.answered(String(line)))
                context.close(promise: nil)
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            failure = failure ?? error
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            if received.hasPrefix("HTTP/") {
                done.succeed(.answered(String(received.prefix(80))))
            } else {
                // Bytes that are not HTTP (a TLS alert sent to a plaintext client) are no answer either.
                done.succeed(.refused(failure.map { "\($0)" } ?? "closed after \(received.utf8.count) bytes"))
            }
            context.fireChannelInactive()
        }
    }
}
