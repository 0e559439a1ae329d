import NIOCore
import NIOHTTPTypes

/// Closes a connection (or HTTP/2 stream) whose request arrives too slowly: a "slowloris" client that
/// drips a header byte every few seconds never trips an idle timeout, but it does trip this one.
///
/// The clock runs from the moment the connection can send a request (it opened, or the previous
/// response ended) until the request head has arrived (`headTimeout`), then until its body has
/// (`bodyTimeout`). It is stopped while the server is answering. nginx's `client_header_timeout` and
/// `client_body_timeout` are the model; like nginx it closes without a response, since a half-read
/// request leaves nothing to answer.
///
/// Arming and stopping the clock only move a deadline. One check per connection stays scheduled and,
/// when it comes due before the deadline, schedules itself again for it: scheduling and cancelling a
/// timer twice per request was about 2 % of the query worker's CPU under keep-alive load (perf).
final class SlowRequestGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let headTimeout: TimeAmount
    let bodyTimeout: TimeAmount
    /// When the connection is closed unless the clock is stopped or re-armed first; nil while stopped.
    private var deadline: NIODeadline?
    /// The pending check and when it runs; never later than `deadline`.
    private var check: (task: Scheduled<Void>, at: NIODeadline)?

    init(headTimeout: TimeAmount, bodyTimeout: TimeAmount) {
        self.headTimeout = headTimeout
        self.bodyTimeout = bodyTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(headTimeout, context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(headTimeout, context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline = nil
        check?.task.cancel()
        check = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: arm(bodyTimeout, context: context)
        case .body: break
        case .end: disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { arm(headTimeout, context: context) }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    private func arm(_ timeout: TimeAmount, context: ChannelHandlerContext) {
        let due = NIODeadline.now() + timeout
        deadline = due
        if let check {
            guard due < check.at else { return }
            check.task.cancel()
        }
        schedule(at: due, on: context.eventLoop, closing: context.channel)
    }

    private func disarm() {
        deadline = nil
    }

    /// The check holds the handler until it runs or `handlerRemoved` cancels it.
    private func schedule(at due: NIODeadline, on eventLoop: any EventLoop, closing channel: any Channel) {
        let task = eventLoop.assumeIsolated().scheduleTask(deadline: due) { [self] in
            check = nil
            guard let deadline else { return }
            if deadline <= NIODeadline.now() {
                channel.close(promise: nil)
            } else {
                schedule(at: deadline, on: eventLoop, closing: channel)
            }
        }
        check = (task, due)
    }
}
