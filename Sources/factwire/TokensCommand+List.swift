import ArgumentParser
import FactwireAPI
import FactwireRuntime
import Foundation

extension TokensCommand {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Every token: id, role, label, created, last used, revoked.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "One JSON object per line instead of a table.") var json = false

        func run() async throws {
            let logger = global.makeLogger()
            let tokens = try await global.withDatabase(logger: logger) { session in
                return try await APITokens(client: session.client).list(logger: logger)
            }
            if json {
                for token in tokens { try QueueCommand.printJSON(token) }
                if tokens.isEmpty { FileHandle.standardError.write(Data("(no tokens)\n".utf8)) }
                return
            }
            for line in APITokens.Listed.table(tokens) { print(line) }
        }
    }
}
