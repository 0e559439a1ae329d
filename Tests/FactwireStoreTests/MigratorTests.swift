import FactwireStore
import FactwireTesting
import Foundation
import PostgresNIO
import Testing

/// The migrator on a real PostgreSQL: a new database per test.
@Suite("Migrator")
struct MigratorTests {
    static let logger = TestPostgres.logger

    /// Three migrations where each depends on the one before, so a wrong order fails.
    static let chain: [Migration] = [
        Migration(
            version: 1, name: "base",
            up: "CREATE SCHEMA IF NOT EXISTS factwire; CREATE TABLE factwire.t1 (id int PRIMARY KEY);",
            down: "DROP TABLE factwire.t1;"),
        Migration(
            version: 2, name: "child", up: "CREATE TABLE factwire.t2 (id int REFERENCES factwire.t1);",
            down: "DROP TABLE factwire.t2;"),
        Migration(
            version: 10, name: "seed", up: "INSERT INTO factwire.t1 VALUES (1); INSERT INTO factwire.t2 VALUES (1);",
            down: "DELETE FROM factwire.t2; DELETE FROM factwire.t1;")
    ]

    static func versions(_ client: PostgresClient) async throws -> [Int64] {
        let rows = try await client.query(
            "SELECT version FROM factwire.schema_migrations ORDER BY version", logger: logger)
        var result: [Int64] = []
        for try await v in rows.decode(Int64.self) { result.append(v) }
        return result
    }

    @Test("applies pending migrations in version order, recording name and checksum")
    func appliesInOrder() async throws {
        let database = try await TestPostgres.makeDatabase("mig_order")
        try await TestPostgres.withClient(database) { client throws in
            // Given out of order: the migrator sorts by version.
            let migrator = Migrator(migrations: Self.chain.reversed(), logger: Self.logger)
            let applied = try await migrator.migrate(client: client)
            #expect(applied.map(\.version) == [1, 2, 10])
            #expect(try await Self.versions(client) == [1, 2, 10])
            let rows = try await client.query(
                "SELECT name, checksum FROM factwire.schema_migrations WHERE version = 2", logger: Self.logger)
            for try await (name, checksum) in rows.decode((String, String).self) {
                #expect(name == "child")
                #expect(checksum == Self.chain[1].checksum)
            }
        }
    }

    @Test("a second run applies nothing")
    func idempotent() async throws {
        let database = try await TestPostgres.makeDatabase("mig_idem")
        try await TestPostgres.withClient(database) { client throws in
            let migrator = Migrator(migrations: Self.chain, logger: Self.logger)
            #expect(try await migrator.migrate(client: client).count == 3)
            #expect(try await migrator.migrate(client: client).isEmpty)
            #expect(try await Self.versions(client) == [1, 2, 10])
        }
    }

    @Test("an applied migration whose file changed is refused, and nothing further is applied")
    func checksumMismatch() async throws {
        let database = try await TestPostgres.makeDatabase("mig_sum")
        try await TestPostgres.withClient(database) { client throws in
            try await Migrator(migrations: Array(Self.chain.prefix(1)), logger: Self.logger).migrate(client: client)
            var edited = Self.chain
            edited[0].up += "\n-- edited after the fact"
            let migrator = Migrator(migrations: edited, logger: Self.logger)
            let error = await #expect(throws: MigrationError.self) { try await migrator.migrate(client: client) }
            #expect(error?.code == .checksumMismatch)
            #expect(error?.message.contains("0001_base") == true)
            #expect(try await Self.versions(client) == [1])
        }
    }

    @Test("a failing migration rolls back completely and names itself")
    func failingMigration() async throws {
        let database = try await TestPostgres.makeDatabase("mig_fail")
        try await TestPostgres.withClient(database) { client throws in
            let broken =
                Self.chain + [
                    Migration(
                        version: 11, name: "broken",
                        up: "CREATE TABLE factwire.t3 (x int); SELECT * FROM no_such_table;")
                ]
            let error = await #expect(throws: MigrationError.self) {
                try await Migrator(migrations: broken, logger: Self.logger).migrate(client: client)
            }
            #expect(error?.code == .statementFailed)
            #expect(error?.message.contains("0011_broken") == true)
            #expect(try await Self.versions(client) == [1, 2, 10])
            let rows = try await client.query("SELECT to_regclass('factwire.t3')::text", logger: Self.logger)
            for try await name in rows.decode(String?.self) { #expect(name == nil) }
        }
    }

    @Test("status lists applied and pending; --down reverts newest first")
    func statusAndDown() async throws {
        let database = try await TestPostgres.makeDatabase("mig_status")
        try await TestPostgres.withClient(database) { client throws in
            try await Migrator(migrations: Array(Self.chain.prefix(2)), logger: Self.logger).migrate(client: client)
            let migrator = Migrator(migrations: Self.chain, logger: Self.logger)
            let status = try await migrator.status(client: client)
            #expect(status.map(\.version) == [1, 2, 10])
            #expect(status.map { $0.appliedAt != nil } == [true, true, false])

            try await migrator.migrate(client: client)
            let reverted = try await migrator.down(steps: 2, client: client)
            #expect(reverted.map(\.version) == [10, 2])
            #expect(try await Self.versions(client) == [1])
            await #expect(throws: MigrationError.self) {
                try await migrator.prepare(client: client, migrate: false)
            }
            try await migrator.prepare(client: client, migrate: true)
            #expect(try await Self.versions(client) == [1, 2, 10])
        }
    }

    @Test("8 concurrent migrators on separate connections apply each migration exactly once")
    func concurrentMigrators() async throws {
        let database = try await TestPostgres.makeDatabase("mig_conc")
        // A slow migration widens the window in which the others try to run; a counter proves how often
        // each migration body actually executed.
        let migrations = [
            Migration(
                version: 1, name: "counter",
                up: "CREATE SCHEMA IF NOT EXISTS factwire; CREATE TABLE factwire.runs (version int);"),
            Migration(version: 2, name: "slow", up: "SELECT pg_sleep(0.3); INSERT INTO factwire.runs VALUES (2);"),
            Migration(version: 3, name: "after", up: "INSERT INTO factwire.runs VALUES (3);")
        ]
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await TestPostgres.withClient(database, maximumConnections: 1) { client throws in
                        try await Migrator(migrations: migrations, logger: Self.logger).migrate(client: client).count
                    }
                }
            }
            var total = 0
            for try await count in group { total += count }
            #expect(total == 3)
        }
        try await TestPostgres.withClient(database) { client throws in
            #expect(try await Self.versions(client) == [1, 2, 3])
            let rows = try await client.query(
                "SELECT version, count(*) FROM factwire.runs GROUP BY version ORDER BY version", logger: Self.logger)
            var counts: [Int32: Int64] = [:]
            for try await (version, count) in rows.decode((Int32, Int64).self) { counts[version] = count }
            #expect(counts == [2: 1, 3: 1])
        }
    }

    @Test("badly named migration files are refused")
    func badNames() {
        #expect(throws: MigrationError.self) { try Migration.assemble(files: [("create_things.up.sql", "")]) }
        #expect(throws: MigrationError.self) { try Migration.assemble(files: [("0001_x.sql", "")]) }
        #expect(throws: MigrationError.self) { try Migration.assemble(files: [("0002_x.down.sql", "")]) }
        #expect(throws: MigrationError.self) {
            try Migration.assemble(files: [("0001_a.up.sql", ""), ("0001_b.up.sql", "")])
        }
    }

    @Test("the migrations embedded in the binary equal the files in migrations/")
    func embeddedEqualsFolder() throws {
        let folder = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("migrations")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }
        let files = try names.map { name in
            (
                name: name,
                contents: String(decoding: try Data(contentsOf: folder.appendingPathComponent(name)), as: UTF8.self)
            )
        }
        let fromFolder = try Migration.assemble(files: files)
        #expect(!fromFolder.isEmpty)
        #expect(Migration.embedded == fromFolder)
    }

    @Test("the real migrations apply on an empty database and revert cleanly")
    func realMigrationsRoundTrip() async throws {
        let database = try await TestPostgres.makeDatabase("mig_real")
        try await TestPostgres.withClient(database) { client throws in
            let migrator = Migrator(logger: Self.logger)
            let applied = try await migrator.migrate(client: client)
            #expect(applied.count == Migration.embedded.count)
            let reverted = try await migrator.down(steps: applied.count, client: client)
            #expect(reverted.count == applied.count)
            #expect(try await migrator.migrate(client: client).count == applied.count)
        }
    }
}
