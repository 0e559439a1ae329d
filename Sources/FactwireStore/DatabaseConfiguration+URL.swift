import Foundation

extension DatabaseConfiguration {
    /// A libpq URL for this configuration, password included (percent-encoded), for handing the
    /// database to child processes through `DATABASE_URL`. Never log it: use ``description``.
    ///
    /// Everything the configuration holds goes into it (`sslmode`, `sslrootcert`, `application_name`, a
    /// unix socket folder as `?host=`), so a child connects exactly as its parent does, never with weaker
    /// settings. Parsing it gives this configuration back.
    public var url: String {
        func escape(_ text: String, _ allowed: CharacterSet) -> String {
            text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
        }
        var query = CharacterSet.urlQueryAllowed
        query.remove(charactersIn: "&=+;")
        let password = self.password.map { ":" + escape($0, .urlPasswordAllowed) } ?? ""
        var parameters = ["sslmode=\(sslMode.rawValue)"]
        var location =
            hosts.count > 1
            ? hosts.map { escape($0.description, .urlHostAllowed.union(CharacterSet(charactersIn: "[]:"))) }
                .joined(separator: ",")
            : "\(host ?? "127.0.0.1"):\(port)"
        if let unixSocketPath {
            // "<folder>/.s.PGSQL.<port>" is libpq's "?host=<folder>&port=<port>".
            let folder = (unixSocketPath as NSString).deletingLastPathComponent
            location = ""
            parameters += ["host=\(escape(folder, query))", "port=\(port)"]
        }
        if let sslRootCertificate { parameters.append("sslrootcert=\(escape(sslRootCertificate, query))") }
        if let applicationName { parameters.append("application_name=\(escape(applicationName, query))") }
        if targetSessionAttributes != .any {
            parameters.append("target_session_attrs=\(targetSessionAttributes.rawValue)")
        }
        if pgbouncer { parameters.append("pgbouncer=true") }
        return
            "postgres://\(escape(username, .urlUserAllowed))\(password)@\(location)/\(escape(database, .urlPathAllowed))?"
            + parameters.joined(separator: "&")
    }
}
