import ArgumentParser
import FactwireAPI
import FactwireIngest
import FactwireQueue
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// TLS flags shared by `query-worker` and `up`.
struct TLSOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Listen address HOST:PORT (env FACTWIRE_LISTEN).", valueName: "host:port"))
    var listen: String = ProcessInfo.processInfo.environment["FACTWIRE_LISTEN"] ?? "127.0.0.1:8443"
    @Option(
        name: .customLong("tls-cert"),
        help: "Server certificate chain, PEM (env FACTWIRE_TLS_CERT). Reloaded on SIGHUP.")
    var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: "Server private key, PEM (env FACTWIRE_TLS_KEY).")
    var tlsKey: String?
    @Option(
        name: .customLong("client-ca"),
        help: "Require client certificates signed by this CA, PEM (env FACTWIRE_TLS_CLIENT_CA).")
    var clientCA: String?
    @Option(
        name: .customLong("role"),
        help: ArgumentHelp(
            "Map a certificate common name to a role: CN=ROLE (repeatable). Without mappings a CN that is a role's name has that role; with mappings only mapped CNs have roles.",
            valueName: "cn=role"))
    var roleMappings: [String] = []
    @Option(help: "Largest request body in bytes (larger → 413, nothing stored).") var maxBodyBytes = 5 * 1024 * 1024
    @Option(help: "Seconds a connection has to complete its TLS handshake before it is closed.")
    var handshakeTimeoutSeconds = 10.0
    @Option(help: "Connections allowed in their TLS handshake at once; more are closed on accept.")
    var maxPendingHandshakes = 2048
    @Option(
        help: ArgumentHelp(
            "Seconds one availability probe may take (a connection of its own and SELECT 1, each second; two failed in a row answer 503 until one succeeds). Raise it on a host too loaded to connect within it.",
            valueName: "seconds"))
    var databaseProbeTimeoutSeconds = 5.0

    func validate() throws {
        _ = try hostAndPort()
        _ = try roles()
        guard databaseProbeTimeoutSeconds > 0, databaseProbeTimeoutSeconds <= 3600 else {
            throw ValidationError("--database-probe-timeout-seconds takes seconds above 0, at most 3600")
        }
    }

    func hostAndPort() throws -> (String, Int) {
        let address = try ListenAddress(listen, option: "--listen")
        return (address.host, address.port)
    }

    func roles() throws -> [String: Role] {
        do {
            return try Role.mappings(roleMappings)
        } catch {
            throw ValidationError("--role: \(error)")
        }
    }

    /// The worker configuration, with environment fallbacks and `defaultDirectory` certificates if given.
    func configuration(defaultDirectory: String? = nil) throws -> QueryWorker.Configuration {
        let environment = ProcessInfo.processInfo.environment
        let directory = defaultDirectory.map { ($0 as NSString) }
        guard let cert = tlsCert ?? environment["FACTWIRE_TLS_CERT"] ?? directory?.appendingPathComponent("server.pem"),
            let key = tlsKey ?? environment["FACTWIRE_TLS_KEY"] ?? directory?.appendingPathComponent("server-key.pem")
        else {
            throw ValidationError(
                "give --tls-cert and --tls-key (or FACTWIRE_TLS_CERT and FACTWIRE_TLS_KEY); `factwire certs init` makes development ones"
            )
        }
        var configuration = QueryWorker.Configuration(certificatePath: cert, privateKeyPath: key)
        (configuration.host, configuration.port) = try hostAndPort()
        configuration.clientCAPath =
            clientCA ?? environment["FACTWIRE_TLS_CLIENT_CA"] ?? directory?.appendingPathComponent("ca.pem")
        configuration.roles = try roles()
        configuration.maximumBodyBytes = maxBodyBytes
        guard handshakeTimeoutSeconds > 0, maxPendingHandshakes > 0 else {
            throw ValidationError("--handshake-timeout-seconds and --max-pending-handshakes must be positive")
        }
        configuration.handshakeTimeout = .milliseconds(Int64(handshakeTimeoutSeconds * 1000))
        configuration.maximumPendingHandshakes = maxPendingHandshakes
        configuration.databaseProbeTimeout = .milliseconds(Int64(databaseProbeTimeoutSeconds * 1000))
        return configuration
    }
}
