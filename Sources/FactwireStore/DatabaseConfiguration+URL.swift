import Foundation

extension DatabaseConfiguration {
    /// A libpq URL for this configuration, password included (percent-encoded), for handing the
    /// database to child processes through `DATABASE_URL`. Never log it: use ``description``.
    public var url: String {
        func escape(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? text }
        let password = self.password.map { ":" + escape($0) } ?? ""
        return "postgres://\(escape(username))\(password)@\(host ?? "127.0.0.1"):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }
}
