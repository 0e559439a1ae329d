import FactwireRuntime
import FactwireStore
import Logging

extension Migrator {
    /// What every service does at start: migrate (unless told not to) and check the schema version.
    static func prepareForService(session: DatabaseSession, logger: Logger, migrate: Bool) async throws {
        try await Migrator(logger: logger).prepare(client: session.client, migrate: migrate)
    }
}
