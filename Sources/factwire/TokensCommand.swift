import ArgumentParser
import FactwireAPI
import FactwireCore
import FactwireIngest
import FactwireQueue
import FactwireRuntime
import FactwireStore
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// `factwire tokens create --role ROLE`: a bearer token for clients without certificates.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "API bearer tokens.", subcommands: [Create.self, List.self, Revoke.self])

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
            try await DatabaseSession.with(global, logger: logger, maximumConnections: 2) { session in
                try await Migrator.prepareForService(session: session, logger: logger, migrate: true)
                print(try await APITokens(client: session.client).create(role: role, label: label, logger: logger))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Every token: id, role, label, created, last used, revoked.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "One JSON object per line instead of a table.") var json = false

        func run() async throws {
            let logger = global.makeLogger()
            let tokens = try await DatabaseSession.with(global, logger: logger, maximumConnections: 2) { session in
                try await Migrator.prepareForService(session: session, logger: logger, migrate: true)
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

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "Revoke a token by its id (see tokens list); it stops working at once.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The token's id.") var id: Int64

        func run() async throws {
            let logger = global.makeLogger()
            let id = self.id
            let revoked = try await DatabaseSession.with(global, logger: logger, maximumConnections: 2) { session in
                try await Migrator.prepareForService(session: session, logger: logger, migrate: true)
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
