import FactwireCore
import Foundation

/// A message on the `factwire_control` channel: a listener's self-ping (`{"from":…,"ping":n}`), a
/// cancel request for a running job (`{"cancel":id}`), or a leader's resignation
/// (`{"leaderResigned":true}`). Every worker process hears every message.
struct ControlMessage: Codable, Sendable, Equatable {
    var ping: UInt64?
    /// The listener that sent a ping (only its own ping proves a connection alive).
    var from: String?
    var cancel: Int64?
    var leaderResigned: Bool?
    /// Older workers sent it to wake every queue; still understood.
    var resume: Bool?

    enum CodingKeys: String, CodingKey {
        case ping, from, cancel, leaderResigned, resume
    }

    static func ping(_ nonce: UInt64, from worker: String) -> ControlMessage {
        ControlMessage(ping: nonce, from: worker)
    }

    static func cancel(_ id: Int64) -> ControlMessage { ControlMessage(cancel: id) }

    static let leaderResignation = ControlMessage(leaderResigned: true)

    /// Reads a payload; nil when it is not a JSON object of this shape.
    init?(payload: String) {
        guard let message = try? JSONDecoder().decode(ControlMessage.self, from: Data(payload.utf8)) else {
            return nil
        }
        self = message
    }

    init(ping: UInt64? = nil, from: String? = nil, cancel: Int64? = nil, leaderResigned: Bool? = nil) {
        self.ping = ping
        self.from = from
        self.cancel = cancel
        self.leaderResigned = leaderResigned
    }

    /// The payload to NOTIFY.
    var payload: String { (try? JSONCoding.string(self)) ?? "{}" }
}
