import ArgumentParser
import FactwireAPI
import FactwireRuntime
import Foundation

extension TokensCommand {
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "Revoke a token by its id (see tokens list); it stops working at once.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The token's id.") var id: Int64

        func run() async throws {
            let logger = global.makeLogger()
            let id = self.id
            let revoked = try await global.withDatabase(logger: logger) { session in
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
