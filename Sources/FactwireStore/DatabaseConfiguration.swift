import Foundation
import NIOSSL
public import PostgresNIO

/// Where the database is and how to reach it, parsed from a `postgres://` URL.
///
/// PostgresNIO has no URL parser, and `DATABASE_URL` is how every deployment names its database, so
/// this is ours. Accepted: `postgres://` and `postgresql://`, percent-encoded user and password, a
/// host (or `?host=/path/to/socket/folder` for a unix socket), port (default 5432), database (default:
/// the user name), and the query parameters `sslmode`, `sslrootcert`, `application_name`,
/// `target_session_attrs` and `pgbouncer`.
///
/// Several hosts (`postgres://u:p@h1:5432,h2:5433/db?target_session_attrs=read-write`) have libpq's meaning:
/// each is tried in turn and the first whose session matches `target_session_attrs` is used. PostgresNIO
/// connects to one address, so a process with several hosts relays its connections through a
/// ``DatabaseRelay`` that follows the matching server across a failover.
///
/// `sslmode` follows libpq's meaning as far as PostgresNIO allows: `disable` → no TLS; `allow` and
/// `prefer` (the default) → TLS if the server offers it, unverified; `require` → TLS, unverified
/// unless `sslrootcert` is given; `verify-ca` → TLS with the chain checked against `sslrootcert`
/// (or the system roots); `verify-full` → chain and host name checked.
public struct DatabaseConfiguration: Sendable, CustomStringConvertible {
    /// How TLS is negotiated.
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// Host name or address; nil with a unix socket.
    public var host: String?
    /// TCP port.
    public var port: Int
    /// The socket file, when connecting over a unix socket.
    public var unixSocketPath: String?
    /// Role name.
    public var username: String
    /// Password, if any.
    public var password: String?
    /// Database name.
    public var database: String
    /// TLS mode.
    public var sslMode: SSLMode
    /// A PEM file of CA certificates that must have signed the server's certificate.
    public var sslRootCertificate: String?
    /// Reported to the server as `application_name` (shows in `pg_stat_activity`).
    public var applicationName: String?
    /// Every server the URL names, in order; one for a single host, none for a unix socket.
    public var hosts: [DatabaseHost]
    /// Which of ``hosts`` to use (`target_session_attrs`). Default `any`.
    public var targetSessionAttributes: TargetSessionAttributes
    /// The URL points at PgBouncer in transaction mode (`?pgbouncer=true`, as Prisma spells it): use no
    /// named prepared statements, and never LISTEN through it.
    public var pgbouncer: Bool

    /// Parses a URL.
    /// - Parameters:
    ///   - url: The `postgres://` URL.
    ///   - environment: Consulted for `PGSSLMODE` / `PGSSLROOTCERT` when the URL has no such parameter.
    /// - Throws: ``DatabaseConfigurationError`` naming the part that is wrong (never echoing the password).
    public init(url: String, environment: [String: String] = [:]) throws {
        let (singleHostURL, extraHosts) = try Self.splitHosts(url)
        guard let components = URLComponents(string: singleHostURL), let scheme = components.scheme else {
            throw DatabaseConfigurationError(
                message: "DATABASE_URL is not a URL; expected postgres://user:password@host:5432/database")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw DatabaseConfigurationError(
                message: "DATABASE_URL has scheme '\(scheme)'; expected postgres:// or postgresql://")
        }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let socketFolder = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        let hostName = components.percentEncodedHost.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding }
        guard hostName != nil || socketFolder != nil else {
            throw DatabaseConfigurationError(
                message: "DATABASE_URL names no host; expected postgres://user:password@host:5432/database")
        }
        let port = components.port ?? Int(query["port"] ?? "") ?? 5432
        guard (1...65535).contains(port) else {
            throw DatabaseConfigurationError(message: "DATABASE_URL has port \(port); ports run from 1 to 65535")
        }
        self.port = port
        host = socketFolder == nil ? hostName : nil
        unixSocketPath = socketFolder.map { "\($0)/.s.PGSQL.\(port)" }
        guard let user = (components.percentEncodedUser?.removingPercentEncoding ?? query["user"]), !user.isEmpty else {
            throw DatabaseConfigurationError(
                message: "DATABASE_URL names no user; expected postgres://user:password@host/database")
        }
        username = user
        password = components.percentEncodedPassword?.removingPercentEncoding ?? query["password"]
        let path = components.percentEncodedPath.removingPercentEncoding ?? ""
        database = path.count > 1 ? String(path.dropFirst()) : (query["dbname"] ?? user)
        sslMode = try Self.choice("sslmode", query["sslmode"] ?? environment["PGSSLMODE"] ?? "prefer")
        sslRootCertificate = query["sslrootcert"] ?? environment["PGSSLROOTCERT"]
        applicationName = query["application_name"]
        hosts = socketFolder == nil ? [DatabaseHost(host: hostName ?? "localhost", port: port)] + extraHosts : []
        targetSessionAttributes = try Self.choice(
            "target_session_attrs", query["target_session_attrs"] ?? environment["PGTARGETSESSIONATTRS"] ?? "any")
        guard hosts.count < 2 || sslMode != .verifyFull else {
            throw DatabaseConfigurationError(
                message:
                    "sslmode=verify-full cannot check host names across several hosts (connections are relayed); use verify-ca with sslrootcert, or one service name that follows the primary"
            )
        }
        switch query["pgbouncer"]?.lowercased() {
        case nil, "", "false", "0", "off": pgbouncer = false
        case "true", "1", "on": pgbouncer = true
        case let other?:
            throw DatabaseConfigurationError(message: "pgbouncer '\(other)' is not true or false")
        }
    }

    /// A parameter that takes one of a fixed set of values, or an error listing them.
    static func choice<Value: RawRepresentable & CaseIterable>(_ name: String, _ text: String) throws -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: text) else {
            throw DatabaseConfigurationError(
                message:
                    "\(name) '\(text)' is not one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// Splits `h1:5432,h2:5433` out of a URL's authority: the URL with the first host only (for
    /// `URLComponents`), and the others with their ports (5432 when a host has none).
    static func splitHosts(_ url: String) throws -> (String, [DatabaseHost]) {
        guard let schemeEnd = url.range(of: "://") else { return (url, []) }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let hostsStart = authority.lastIndex(of: "@").map { authority.index(after: $0) } ?? authority.startIndex
        let hostList = authority[hostsStart...]
        guard hostList.contains(",") else { return (url, []) }
        let parts = hostList.split(separator: ",", omittingEmptySubsequences: false)
        var hosts: [DatabaseHost] = []
        for part in parts.dropFirst() {
            var name = Substring(part)
            var port = 5432
            if name.hasPrefix("["), let close = name.firstIndex(of: "]") {
                let after = name[name.index(after: close)...]
                if after.hasPrefix(":") { port = Int(after.dropFirst()) ?? -1 }
                name = name[name.index(after: name.startIndex)..<close]
            } else if let colon = name.lastIndex(of: ":") {
                port = Int(name[name.index(after: colon)...]) ?? -1
                name = name[..<colon]
            }
            guard !name.isEmpty, (1...65535).contains(port) else {
                throw DatabaseConfigurationError(
                    message: "DATABASE_URL host '\(part)' is not host or host:port (hosts are separated by commas)")
            }
            hosts.append(DatabaseHost(host: String(name.removingPercentEncoding ?? String(name)), port: port))
        }
        return (String(url[..<hostsStart]) + parts[0] + url[authorityEnd...], hosts)
    }

    /// The URL with the password replaced by `***`, for logs and error messages.
    public var description: String {
        let location =
            unixSocketPath
            ?? (hosts.count > 1 ? hosts.map(\.description).joined(separator: ",") : "\(host ?? ""):\(port)")
        let target = targetSessionAttributes == .any ? "" : "&target_session_attrs=\(targetSessionAttributes.rawValue)"
        return
            "postgres://\(username)\(password == nil ? "" : ":***")@\(location)/\(database)?sslmode=\(sslMode.rawValue)\(target)"
    }

    /// A PostgresNIO client configuration for this database.
    /// - Throws: ``DatabaseConfigurationError`` when `sslrootcert` cannot be read.
    public func clientConfiguration(maximumConnections: Int = 20) throws -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let unixSocketPath {
            configuration = .init(
                unixSocketPath: unixSocketPath, username: username, password: password, database: database)
        } else {
            let tls: PostgresClient.Configuration.TLS
            switch try tlsSetting() {
            case .disable: tls = .disable
            case .prefer(let context): tls = .prefer(context)
            case .require(let context): tls = .require(context)
            }
            configuration = .init(
                host: host ?? "localhost", port: port, username: username, password: password, database: database,
                tls: tls)
        }
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(10)
        if let applicationName {
            configuration.options.additionalStartupParameters.append(("application_name", applicationName))
        }
        return configuration
    }

    /// TLS as decided by `sslmode` and `sslrootcert`, before it is handed to a client or a connection.
    enum TLSSetting {
        case disable
        case prefer(TLSConfiguration)
        case require(TLSConfiguration)
    }

    func tlsSetting() throws -> TLSSetting {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let sslRootCertificate {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(sslRootCertificate))
            } catch {
                throw DatabaseConfigurationError(message: "cannot read sslrootcert \(sslRootCertificate): \(error)")
            }
        }
        switch sslMode {
        case .disable:
            return .disable
        case .allow, .prefer:
            tls.certificateVerification = .none
            return .prefer(tls)
        case .require:
            tls.certificateVerification = sslRootCertificate == nil ? .none : .noHostnameVerification
            return .require(tls)
        case .verifyCA:
            tls.certificateVerification = .noHostnameVerification
            return .require(tls)
        case .verifyFull:
            tls.certificateVerification = .fullVerification
            return .require(tls)
        }
    }
}

/// `DATABASE_URL` could not be understood.
public struct DatabaseConfigurationError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, without the password.
    public var message: String
    public var description: String { message }

    /// Creates an error.
    public init(message: String) {
        self.message = message
    }
}
