import ArgumentParser
import FactwireAPI
import FactwireIngest
import FactwireQueue
import FactwireStore
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

    func validate() throws {
        _ = try hostAndPort()
        _ = try roles()
    }

    func hostAndPort() throws -> (String, Int) {
        let address = try ListenAddress(listen, option: "--listen")
        return (address.host, address.port)
    }

    func roles() throws -> [String: Role] {
        var roles: [String: Role] = [:]
        for mapping in roleMappings {
            let parts = mapping.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let role = Role(rawValue: parts[1]) else {
                throw ValidationError("--role takes CN=ROLE with ROLE one of ingest, read, admin; got '\(mapping)'")
            }
            roles[parts[0]] = role
        }
        return roles
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
        return configuration
    }
}

/// `factwire query-worker`: the HTTPS API.
struct QueryWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query-worker",
        abstract:
            "Serve the HTTPS API (TLS, optional mutual TLS) until SIGTERM/SIGINT; run any number behind a load balancer."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var tls: TLSOptions
    @Flag(help: "Do not migrate at start; refuse to run if the schema is behind.") var noMigrate = false

    func run() async throws {
        let logger = global.makeLogger()
        OpenFileLimit.raise()
        FactwireMetrics.bootstrap()
        let configuration = try tls.configuration()
        let noMigrate = self.noMigrate
        let replica = try DatabaseConfiguration.readReplica(environment: ProcessInfo.processInfo.environment)
        try await DatabaseSession.with(global, logger: logger, maximumConnections: 24, trapSignals: false) { session in
            try await Migrator.prepareForService(session: session, logger: logger, migrate: !noMigrate)
            let reader = try replica.map { replica in
                PostgresClient(
                    configuration: try replica.clientConfiguration(maximumConnections: 24), backgroundLogger: logger)
            }
            var configuration = configuration
            configuration.database = session.configuration
            let worker = QueryWorker(
                configuration: configuration, primary: session.client, reader: reader, logger: logger
            ) { [configuration] port in
                logger.notice(
                    "query worker listening",
                    metadata: [
                        "address": "https://\(configuration.host):\(port)",
                        "mutual_tls": "\(configuration.clientCAPath != nil)"
                    ])
                SystemdNotifier.notify("READY=1")
            }
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
                .init(service: worker), .init(service: SystemdService(readyOnStart: false)),
                .init(service: ShutdownDeadline(budget: .seconds(20), logger: logger))
            ]
            if let reader { services.insert(.init(service: ClientService(client: reader)), at: 0) }
            var group = ServiceGroupConfiguration(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            group.maximumGracefulShutdownDuration = .seconds(15)
            do {
                try await ServiceGroup(configuration: group).run()
            } catch {
                throw AddressInUse.named(error, address: tls.listen, option: "--listen")
            }
        }
    }
}

/// Runs a PostgresClient as a service (the read replica's pool).
struct ClientService: Service {
    let client: PostgresClient
    func run() async throws { await client.run() }
}

/// `factwire up`: both workers in one process on the embedded cluster (or DATABASE_URL), with the
/// development certificates of `certs init` (made on first use), for trying the API on one machine.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract:
            "Serve the ingest worker and the HTTPS API together (development), with certificates from `certs init`."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var tls: TLSOptions

    func run() async throws {
        let logger = global.makeLogger()
        OpenFileLimit.raise()
        FactwireMetrics.bootstrap()
        let directory = (global.resolvedHome as NSString).appendingPathComponent("tls")
        if !FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("server.pem")) {
            try DevelopmentCertificates.create(in: directory)
        }
        let configuration = try tls.configuration(defaultDirectory: directory)
        let signals = SignalRecorder()
        defer { signals.cancel() }
        try await DatabaseSession.with(global, logger: logger, maximumConnections: 32, trapSignals: false) { session in
            try await Migrator.prepareForService(session: session, logger: logger, migrate: true)
            var registry = JobRegistry()
            registry.register(IngestHandler(client: session.client))
            let ingest = JobWorker(
                client: session.client, registry: registry,
                configuration: JobWorker.Configuration(queues: [IngestHandler.queue: 4]).probing(
                    session, logger: logger), logger: logger)
            var configuration = configuration
            configuration.database = session.configuration
            let api = QueryWorker(configuration: configuration, primary: session.client, logger: logger) {
                [configuration] port in
                // Written straight to the file descriptor: print() is block-buffered when stdout is a file or pipe.
                FileHandle.standardOutput.write(
                    Data(
                        """
                        factwire up: ingest worker and HTTPS API on https://\(configuration.host):\(port) (Ctrl-C to stop)
                        try:
                          curl --cacert \(directory)/ca.pem --cert \(directory)/client-ingest.pem --key \(directory)/client-ingest-key.pem \\
                               -H 'Content-Type: text/plain' --data-binary @article.txt 'https://localhost:\(port)/v1/documents?wait=10s'
                          curl --cacert \(directory)/ca.pem --cert \(directory)/client-read.pem --key \(directory)/client-read-key.pem \\
                               'https://localhost:\(port)/v1/facts?limit=10'
                        dashboard: https://localhost:\(port)/ in a browser holding a client certificate, e.g.
                          openssl pkcs12 -export -in \(directory)/client-admin.pem -inkey \(directory)/client-admin-key.pem -out admin.p12
                          (import admin.p12 into the browser and trust \(directory)/ca.pem; see the README, "The dashboard")

                        """.utf8))
            }
            var group = ServiceGroupConfiguration(
                services: [
                    .init(service: ingest), .init(service: api),
                    .init(service: ShutdownDeadline(budget: .seconds(20), logger: logger))
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
            )
            group.maximumGracefulShutdownDuration = .seconds(15)
            do {
                try await ServiceGroup(configuration: group).run()
            } catch {
                throw AddressInUse.named(error, address: tls.listen, option: "--listen")
            }
        }
        // Stopped by Ctrl-C or SIGTERM after a clean shutdown: the shell's convention for an interrupted command.
        if let status = signals.exitStatus { throw ExitCode(status) }
    }
}

/// `factwire certs init`: a development CA and certificates.
struct CertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certs", abstract: "Development TLS certificates.", subcommands: [Init.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract:
                "Write a development CA, a server certificate (localhost, 127.0.0.1) and client certificates for ingest, read and admin."
        )
        @Option(help: "Folder for the PEM files (default: <home>/tls).") var dir: String?
        @Flag(help: "Replace existing files.") var force = false
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let directory = dir ?? (global.resolvedHome as NSString).appendingPathComponent("tls")
            try DevelopmentCertificates.create(in: directory, force: force)
            print(
                "wrote \(DevelopmentCertificates.files.count) files to \(directory): \(DevelopmentCertificates.files.joined(separator: ", "))"
            )
        }
    }
}

/// `factwire tokens create --role ROLE`: a bearer token for clients without certificates.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "API bearer tokens.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create a token; it is printed once and stored only as a hash.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "ingest, read or admin.") var role: String
        @Option(help: "Who the token is for (shown in logs).") var label = "token"

        func validate() throws {
            guard Role(rawValue: role) != nil else { throw ValidationError("--role must be ingest, read or admin") }
        }

        func run() async throws {
            let logger = global.makeLogger()
            let role = Role(rawValue: self.role)!
            let label = self.label
            try await DatabaseSession.with(global, logger: logger, maximumConnections: 2) { session in
                try await Migrator.prepareForService(session: session, logger: logger, migrate: true)
                print(try await APITokens(client: session.client).create(role: role, label: label, logger: logger))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Every token: id, role, label, created, last used, revoked.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "One JSON object per line instead of a table.") var json = false

        func run() async throws {
            let logger = global.makeLogger()
            let tokens = try await DatabaseSession.with(global, logger: logger, maximumConnections: 2) { session in
                try await Migrator.prepareForService(session: session, logger: logger, migrate: true)
                return try await APITokens(client: session.client).list(logger: logger)
            }
            if json {
                for token in tokens { try QueueCommand.printJSON(token) }
                if tokens.isEmpty { FileHandle.standardError.write(Data("(no tokens)\n".utf8)) }
                return
            }
            guard !tokens.isEmpty else {
                print("(no tokens)")
                return
            }
            let format = ISO8601DateFormatter()
            print("ID     ROLE    LABEL                 CREATED               LAST USED             REVOKED")
            for token in tokens {
                let cells = [
                    String(token.id).padding(toLength: 6, withPad: " ", startingAt: 0),
                    token.role.padding(toLength: 7, withPad: " ", startingAt: 0),
                    token.label.padding(toLength: 21, withPad: " ", startingAt: 0),
                    format.string(from: token.createdAt),
                    token.lastUsedAt.map(format.string(from:))
                        ?? "never".padding(toLength: 20, withPad: " ", startingAt: 0),
                    token.revokedAt.map(format.string(from:)) ?? "-"
                ]
                print(cells.joined(separator: " "))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "Revoke a token by its id (see tokens list); it stops working at once.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The token's id.") var id: Int64

        func run() async throws {
            let logger = global.makeLogger()
            let id = self.id
            let revoked = try await DatabaseSession.with(global, logger: logger, maximumConnections: 2) { session in
                try await Migrator.prepareForService(session: session, logger: logger, migrate: true)
                return try await APITokens(client: session.client).revoke(id: id, logger: logger)
            }
            guard revoked else {
                FileHandle.standardError.write(
                    Data("factwire: no token with id \(id) is active (unknown, or revoked already)\n".utf8))
                throw ExitCode(ExitStatus.failure.rawValue)
            }
            print("revoked token \(id)")
        }
    }
}

/// `factwire openapi`: prints the API's OpenAPI 3.1 document.
struct OpenAPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi", abstract: "Print the OpenAPI 3.1 document of the HTTPS API.")
    func run() { print(OpenAPIDocument.yaml) }
}
