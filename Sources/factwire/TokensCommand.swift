import ArgumentParser

/// `factwire tokens create --role ROLE`: a bearer token for clients without certificates.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "API bearer tokens.", subcommands: [Create.self, List.self, Revoke.self])

}
