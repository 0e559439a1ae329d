import ArgumentParser
import FactwireRuntime
import FactwireStore
import Foundation

/// `factwire migrate`: apply, list or revert schema migrations.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending schema migrations (safe to run from many processes at once).",
        discussion: "Migrations are embedded in the binary; the SQL files live in migrations/ of the source tree."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "List applied and pending migrations instead of applying them.")
    var status = false

    @Option(
        name: .long, help: ArgumentHelp("Revert the newest N applied migrations (development only).", valueName: "N"))
    var down: Int?

    func validate() throws {
        if let down, down < 1 { throw ValidationError("--down takes a positive number of migrations") }
        if status && down != nil { throw ValidationError("--status and --down cannot be combined") }
    }

    func run() async throws {
        let logger = global.makeLogger()
        let status = self.status
        let down = self.down
        try await DatabaseSession.with(global, logger: logger, maximumConnections: 2) { session in
            let migrator = Migrator(logger: logger)
            if status {
                for line in Migrator.Status.table(try await migrator.status(client: session.client)) { print(line) }
            } else if let down {
                let reverted = try await migrator.down(steps: down, client: session.client)
                for migration in reverted { print("reverted \(migration.identifier)") }
                if reverted.isEmpty { print("nothing to revert") }
            } else {
                let applied = try await migrator.migrate(client: session.client)
                for migration in applied { print("applied \(migration.identifier)") }
                print(
                    "schema is at version \(migrator.latestVersion) (\(applied.isEmpty ? "already up to date" : "\(applied.count) applied now"))"
                )
            }
        }
    }
}
