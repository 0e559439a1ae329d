import ArgumentParser
import Foundation

/// `HOST:PORT` as the listen flags take it (`127.0.0.1:8443`, `[::1]:9090`, `0.0.0.0:0`).
struct ListenAddress: Sendable, Equatable {
    var host: String
    var port: Int

    init(_ text: String, option: String) throws {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            throw ValidationError("\(option) takes HOST:PORT, got '\(text)'")
        }
        self.host = String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        self.port = port
    }
}
