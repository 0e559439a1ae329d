import HummingbirdCore
import Logging
import NIOCore
import NIOSSL
import NIOTLS
import Synchronization

/// Bounds the TLS handshake: a connection that has not completed it within `timeout` is closed, and at
/// most `maximumPending` connections may be in their handshake at once (more are closed on accept).
///
/// Without it a client that opens TCP connections and never sends a ClientHello holds a file descriptor
/// each, forever: the idle timeout and ``SlowRequestGuard`` only start once HTTP does, after the handshake.
/// Wraps any server child channel that puts a `NIOSSLServerHandler` first in its pipeline.
struct HandshakeGuardChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let timeout: TimeAmount
    let pending: PendingHandshakes

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard pending.admit() else {
            logger.debug(
                "too many TLS handshakes in progress; closing a new connection",
                metadata: ["limit": "\(pending.maximum)"])
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(HandshakeRefused())
        }
        let watch = HandshakeTimeout(timeout: timeout, pending: pending)
        let configured = base.setup(channel: channel, logger: logger)
        do {
            // Right behind the TLS handler: it sees the handshake's completion before the ALPN handler.
            let tls = try channel.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self)
            try channel.pipeline.syncOperations.addHandler(watch, position: .after(tls))
        } catch {
            watch.release()
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(error)
        }
        return configured
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }

    struct HandshakeRefused: Error {}
}

/// How many connections are in their TLS handshake, against a limit.
final class PendingHandshakes: Sendable {
    let maximum: Int
    private let count = Atomic<Int>(0)

    init(maximum: Int) { self.maximum = maximum }

    /// Counts one more unless the limit is reached.
    func admit() -> Bool {
        while true {
            let now = count.load(ordering: .relaxed)
            guard now < maximum else { return false }
            if count.compareExchange(expected: now, desired: now + 1, ordering: .relaxed).exchanged { return true }
        }
    }

    func release() { count.subtract(1, ordering: .relaxed) }
}

/// Closes its connection unless the TLS handshake completes in time, then leaves the pipeline.
final class HandshakeTimeout: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = NIOAny

    let timeout: TimeAmount
    let pending: PendingHandshakes
    // Touched only on the channel's event loop (handler callbacks), apart from `released`.
    private var timer: Scheduled<Void>?
    private let released = Atomic<Bool>(false)

    init(timeout: TimeAmount, pending: PendingHandshakes) {
        self.timeout = timeout
        self.pending = pending
    }

    /// Gives the handshake slot back, once.
    func release() {
        if !released.exchange(true, ordering: .relaxed) { pending.release() }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        release()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event {
            timer?.cancel()
            timer = nil
            release()
            context.fireUserInboundEventTriggered(event)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        release()
        context.fireChannelInactive()
    }
}
