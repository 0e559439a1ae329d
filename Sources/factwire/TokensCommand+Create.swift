import ArgumentParser
import FactwireAPI
import FactwireRuntime

extension TokensCommand {
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
            try await global.withDatabase(logger: logger) { session in
                print(try await APITokens(client: session.client).create(role: role, label: label, logger: logger))
            }
        }
    }
}
