import ArgumentParser
import FactwireRuntime
import FactwireStore

/// `factwire analyst grant ROLE`: read-only SQL access for analysts and BI tools.
struct AnalystCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyst", abstract: "Read-only SQL access for analysts and BI tools.", subcommands: [Grant.self])

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a login role the factwire_analyst role (SELECT on articles, facts, companies and views).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "An existing login role (CREATE ROLE name LOGIN PASSWORD '…').") var role: String

        func run() async throws {
            let logger = global.makeLogger()
            let role = self.role
            try await global.withDatabase(logger: logger) { session in
                try await AnalystRole(client: session.client, logger: logger).grant(to: role)
            }
            print("granted \(AnalystRole.name) to \(role)")
        }
    }
}
