import FactwireCore
public import Foundation
public import Logging
public import PostgresNIO

/// Applies the schema migrations, safely when many processes start at once.
///
/// Each migration runs in its own transaction that first takes a transaction-scoped advisory lock
/// (`pg_advisory_xact_lock`), then reads `factwire.schema_migrations`, applies the next pending
/// migration and records its version, name and checksum. Concurrent migrators queue on the lock and
/// find nothing left to do; a crashed migrator cannot leave the lock behind (it ends with its
/// transaction, also behind PgBouncer). Advisory lock keys are per database, so separate databases
/// on one server migrate independently.
public struct Migrator: Sendable {
    /// The known migrations, in version order.
    public let migrations: [Migration]
    /// The advisory lock key: the bytes of "factwire" as a bigint.
    public static let lockKey: Int64 = 0x6661_6374_7769_7265

    private let logger: Logger

    /// Creates a migrator for `migrations` (default: the set embedded in this binary).
    public init(migrations: [Migration] = Migration.embedded, logger: Logger) {
        self.migrations = migrations.sorted { $0.version < $1.version }
        self.logger = logger
    }

    /// The newest version this binary knows.
    public var latestVersion: Int64 { migrations.last?.version ?? 0 }

    /// The state of one migration.
    public struct Status: Sendable, Equatable {
        /// The migration's version.
        public var version: Int64
        /// Its name.
        public var name: String
        /// When it was applied, or nil while pending.
        public var appliedAt: Date?
        /// False when the applied checksum differs from the file's, or the binary does not know the version.
        public var checksumMatches: Bool
    }

    /// Applies every pending migration in order.
    /// - Returns: The migrations this call applied (empty when the schema was already current).
    /// - Throws: ``MigrationError`` (`checksumMismatch`, `statementFailed`).
    @discardableResult
    public func migrate(client: PostgresClient) async throws -> [Migration] {
        var applied: [Migration] = []
        var raced = 0
        while true {
            do {
                guard let migration = try await applyNext(client: client) else { break }
                applied.append(migration)
            } catch let race as RoleRace where raced < 3 {
                // Roles belong to the whole cluster, but the migration lock to one database: a migrator of
                // another database created the role between our check and our CREATE ROLE. The transaction
                // rolled back; the next try finds the role.
                raced += 1
                logger.info(
                    "migration raced another database's for a role; trying again", metadata: ["error": "\(race)"])
            }
        }
        return applied
    }

    /// A migration's CREATE ROLE lost to a concurrent one (`pg_authid_rolname_index`).
    struct RoleRace: Error, CustomStringConvertible {
        var description: String
    }

    /// Lists applied and pending migrations, including applied versions this binary does not know.
    public func status(client: PostgresClient) async throws -> [Status] {
        let recorded = try await client.withTransaction(logger: logger) { connection in
            try await self.prepareTable(connection)
            return try await self.recorded(connection)
        }
        var result: [Status] = migrations.map { migration in
            let row = recorded[migration.version]
            return Status(
                version: migration.version, name: migration.name, appliedAt: row?.appliedAt,
                checksumMatches: row.map { $0.checksum == migration.checksum } ?? true
            )
        }
        for (version, row) in recorded where !migrations.contains(where: { $0.version == version }) {
            result.append(Status(version: version, name: row.name, appliedAt: row.appliedAt, checksumMatches: false))
        }
        return result.sorted { $0.version < $1.version }
    }

    /// Reverts the newest `steps` applied migrations, newest first. For development.
    /// - Throws: ``MigrationError/Code/noDownScript`` when one of them has no down script.
    @discardableResult
    public func down(steps: Int, client: PostgresClient) async throws -> [Migration] {
        var reverted: [Migration] = []
        for _ in 0..<max(0, steps) {
            guard let migration = try await revertLatest(client: client) else { break }
            reverted.append(migration)
        }
        return reverted
    }

    /// Brings the schema up to date, or with `migrate: false` only checks that it is.
    ///
    /// Services call this at start. A database migrated by a newer binary is accepted (rolling
    /// upgrades run the migration first, while older workers still run), with a log line.
    /// - Throws: ``MigrationError/Code/schemaBehind`` when `migrate` is false and migrations are pending.
    public func prepare(client: PostgresClient, migrate: Bool) async throws {
        if migrate {
            let applied = try await self.migrate(client: client)
            if !applied.isEmpty {
                logger.info("schema migrated", metadata: ["migrations": "\(applied.map(\.identifier))"])
            }
        }
        let status = try await status(client: client)
        if let pending = status.first(where: { $0.appliedAt == nil }) {
            throw MigrationError(
                .schemaBehind,
                message:
                    "the database schema is behind this binary (migration \(pending.version) \(pending.name) is pending); run `factwire migrate` or start without --no-migrate"
            )
        }
        if let newer = status.first(where: { $0.version > latestVersion }) {
            logger.notice(
                "the database has a newer migration than this binary", metadata: ["version": "\(newer.version)"])
        }
    }

    // MARK: - Steps

    private func applyNext(client: PostgresClient) async throws -> Migration? {
        try await inLockedTransaction(client: client) { connection in
            let recorded = try await self.recorded(connection)
            try self.verifyChecksums(recorded)
            guard let next = self.migrations.first(where: { recorded[$0.version] == nil }) else { return nil }
            let started = ContinuousClock.now
            try await self.run(script: next.up, of: next, direction: "up", on: connection)
            let elapsed = ContinuousClock.now - started
            let milliseconds = elapsed.inMilliseconds
            try await connection.query(
                """
                INSERT INTO factwire.schema_migrations (version, name, checksum, execution_ms)
                VALUES (\(next.version), \(next.name), \(next.checksum), \(milliseconds))
                """,
                logger: self.logger
            )
            self.logger.info(
                "applied migration", metadata: ["migration": "\(next.identifier)", "ms": "\(milliseconds)"])
            return next
        }
    }

    private func revertLatest(client: PostgresClient) async throws -> Migration? {
        try await inLockedTransaction(client: client) { connection in
            let recorded = try await self.recorded(connection)
            guard let version = recorded.keys.max() else { return nil }
            guard let migration = self.migrations.first(where: { $0.version == version }) else {
                throw MigrationError(
                    .unknownVersion,
                    message: "migration \(version) was applied by a newer binary; revert it with that binary")
            }
            guard let down = migration.down else {
                throw MigrationError(
                    .noDownScript, message: "migration \(migration.identifier) has no .down.sql; it cannot be reverted")
            }
            try await self.run(script: down, of: migration, direction: "down", on: connection)
            try await connection.query(
                "DELETE FROM factwire.schema_migrations WHERE version = \(version)", logger: self.logger)
            self.logger.info("reverted migration", metadata: ["migration": "\(migration.identifier)"])
            return migration
        }
    }

    private func inLockedTransaction<T: Sendable>(
        client: PostgresClient,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: self.logger)
                try await self.prepareTable(connection)
                return try await body(connection)
            }
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError as? MigrationError { throw inner }
            throw error.closureError ?? error.commitError ?? error.beginError ?? error
        }
    }

    private func prepareTable(_ connection: PostgresConnection) async throws {
        // Looked up first so a read-only check never needs CREATE rights on an existing schema.
        let exists = try await connection.query(
            "SELECT to_regclass('factwire.schema_migrations') IS NOT NULL", logger: logger)
        for try await (present) in exists.decode(Bool.self) where present { return }
        try await connection.query("CREATE SCHEMA IF NOT EXISTS factwire", logger: logger)
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS factwire.schema_migrations (
                version      bigint PRIMARY KEY,
                name         text NOT NULL,
                checksum     text NOT NULL,
                applied_at   timestamptz NOT NULL DEFAULT now(),
                execution_ms bigint NOT NULL DEFAULT 0
            )
            """,
            logger: logger
        )
        try await connection.query(
            "COMMENT ON TABLE factwire.schema_migrations IS 'Applied migrations: one row per version, with the SHA-256 of its up script. Written by factwire migrate.'",
            logger: logger
        )
    }

    private struct Recorded: Sendable {
        var name: String
        var checksum: String
        var appliedAt: Date
    }

    private func recorded(_ connection: PostgresConnection) async throws -> [Int64: Recorded] {
        let rows = try await connection.query(
            "SELECT version, name, checksum, applied_at FROM factwire.schema_migrations", logger: logger)
        var result: [Int64: Recorded] = [:]
        for try await (version, name, checksum, appliedAt) in rows.decode((Int64, String, String, Date).self) {
            result[version] = Recorded(name: name, checksum: checksum, appliedAt: appliedAt)
        }
        return result
    }

    private func verifyChecksums(_ recorded: [Int64: Recorded]) throws {
        for migration in migrations {
            guard let row = recorded[migration.version], row.checksum != migration.checksum else { continue }
            throw MigrationError(
                .checksumMismatch,
                message: """
                    migration \(migration.identifier) was changed after it was applied \
                    (applied sha256 \(row.checksum.prefix(12))…, file now \(migration.checksum.prefix(12))…). \
                    Never edit an applied migration: restore the file and add a new migration instead.
                    """
            )
        }
    }

    private func run(script: String, of migration: Migration, direction: String, on connection: PostgresConnection)
        async throws
    {
        for statement in SQLScript.statements(in: script) {
            do {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            } catch let error as PSQLError {
                let server = error.serverInfo?[.message] ?? "\(error.code)"
                if error.serverInfo?[.sqlState] == "23505",
                    error.serverInfo?[.constraintName] == "pg_authid_rolname_index"
                {
                    throw RoleRace(description: "migration \(migration.identifier): \(server)")
                }
                throw MigrationError(
                    .statementFailed,
                    message:
                        "migration \(migration.identifier) (\(direction)) failed and was rolled back: \(server)\nstatement: \(statement.prefix(300))"
                )
            }
        }
    }
}
