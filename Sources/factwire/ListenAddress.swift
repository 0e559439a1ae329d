import ArgumentParser
import FactwireRuntime
import Foundation

/// `HOST:PORT` as the listen flags take it (`127.0.0.1:8443`, `[::1]:9090`, `0.0.0.0:0`).
struct ListenAddress: Sendable, Equatable {
    var host: String
    var port: Int

    init(_ text: String, option: String) throws {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65_535).contains(port)
        else {
            throw ValidationError("\(option) takes HOST:PORT, got '\(text)'")
        }
        self.host = String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        self.port = port
    }
}

/// Listening failed because another process holds the address: one line naming it and the way out.
struct AddressInUse: Error, ExitStatusProviding {
    var address: String
    var option: String
    var exitStatus: ExitStatus { .failure }
    var exitMessage: String {
        "\(address) is already in use (another factwire or another server listens there); stop it, or choose another address with \(option) HOST:PORT"
    }

    /// `error` as ``AddressInUse`` when it is a bind failure for that reason, else `error` itself.
    static func named(_ error: any Error, address: String, option: String) -> any Error {
        let text = String(describing: error)
        guard text.contains("Address already in use") || text.contains("errno: \(EADDRINUSE)") else { return error }
        return AddressInUse(address: address, option: option)
    }
}
