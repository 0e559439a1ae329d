import FactwireCore
public import Logging
import NIOPosix
import NIOSSL
public import PostgresNIO

extension DatabaseConfiguration {
    /// Opens one connection, runs `SELECT 1` and closes it, within `timeout`.
    ///
    /// `PostgresClient` hides connection failures: a wrong password or CA makes its queries wait about
    /// 60 s and then fail with a circuit-breaker error. Probing once at start turns that into the real
    /// reason at once.
    ///
    /// `timeout` bounds the whole probe, not only the connect that PostgresNIO's connect timeout covers (TCP and
    /// the startup handshake): the query has no limit of its own, and a probe cancelled while in flight was
    /// seen never to return. Each caller probes in a loop that must end when its task is cancelled, so a probe
    /// that outlives `timeout` or its caller is cancelled and, past a second's grace, abandoned.
    /// - Throws: ``DatabaseConfigurationError`` with the server's or the network's reason.
    public func probe(timeout: Duration = .seconds(10), logger: Logger) async throws {
        let description = self.description
        do {
            try await Abandonable.run(timeout: timeout, grace: .seconds(1)) { [self] in
                try await withSingleConnection(timeout: timeout, logger: logger) { connection in
                    _ = try await connection.query("SELECT 1", logger: logger)
                }
            }
        } catch let error as DatabaseConfigurationError {
            throw error
        } catch let error as PSQLError {
            let reason = error.serverInfo?[.message] ?? error.underlying.map { "\($0)" } ?? "\(error.code)"
            throw DatabaseConfigurationError(message: "cannot connect to \(description): \(reason)")
        } catch {
            throw DatabaseConfigurationError(message: "cannot connect to \(description): \(error)")
        }
    }

    /// Opens a connection of its own (to `server`, or to this configuration's address), runs `body` on it and
    /// closes it, also when `body` throws: for probes and checks that must not depend on a pool.
    public func withSingleConnection<T>(
        to server: DatabaseHost? = nil, timeout: Duration, logger: Logger,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(),
            configuration: try connectionConfiguration(to: server, timeout: timeout), id: 0, logger: logger)
        do {
            let value = try await body(connection)
            try? await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// A single connection's configuration for this database, or for one of its ``hosts``.
    /// - Throws: ``DatabaseConfigurationError`` when TLS cannot be set up (an unreadable `sslrootcert`).
    public func connectionConfiguration(to server: DatabaseHost? = nil, timeout: Duration) throws
        -> PostgresConnection.Configuration
    {
        var configuration: PostgresConnection.Configuration
        if let unixSocketPath, server == nil {
            configuration = .init(
                unixSocketPath: unixSocketPath, username: username, password: password, database: database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            do {
                switch try tlsSetting() {
                case .disable: tls = .disable
                case .prefer(let context): tls = .prefer(try NIOSSLContext(configuration: context))
                case .require(let context): tls = .require(try NIOSSLContext(configuration: context))
                }
            } catch let error as DatabaseConfigurationError {
                throw error
            } catch {
                throw DatabaseConfigurationError(message: "cannot set up TLS for \(self.description): \(error)")
            }
            configuration = .init(
                host: server?.host ?? host ?? "localhost", port: server?.port ?? port, username: username,
                password: password, database: database, tls: tls)
        }
        configuration.options.connectTimeout = .init(timeout)
        if let applicationName {
            configuration.options.additionalStartupParameters.append(("application_name", applicationName))
        }
        return configuration
    }
}
