import FactwireRuntime
import FactwireStore
import Foundation
import Logging

extension DatabaseSession {
    /// A session on the command line's database. `trapSignals`: on SIGINT/SIGTERM, stop the embedded
    /// cluster and exit 130 or 143 (commands that run a service group pass false: the group drains).
    static func with<T: Sendable>(
        _ options: GlobalOptions, logger: Logger, maximumConnections: Int = 20, trapSignals: Bool = true,
        _ body: @Sendable (DatabaseSession) async throws -> T
    ) async throws -> T {
        let exitOnSignal: @Sendable (Int32) -> Void = { signal in exit(128 + signal) }
        return try await with(
            options.location, logger: logger, maximumConnections: maximumConnections,
            onSignal: trapSignals ? exitOnSignal : nil, body)
    }
}

extension GlobalOptions {
    /// Runs `body` on the command line's database, migrated first (`migrate: false`: only checked to be current),
    /// as every command that uses the database starts. `trapSignals` as in ``DatabaseSession/with(_:logger:maximumConnections:trapSignals:_:)``.
    func withDatabase<T: Sendable>(
        logger: Logger, connections: Int = 2, migrate: Bool = true, trapSignals: Bool = true,
        _ body: @Sendable (DatabaseSession) async throws -> T
    ) async throws -> T {
        try await DatabaseSession.with(
            self, logger: logger, maximumConnections: connections, trapSignals: trapSignals
        ) { session in
            try await Migrator.prepareForService(session: session, logger: logger, migrate: migrate)
            return try await body(session)
        }
    }
}
