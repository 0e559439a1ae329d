import ArgumentParser

/// `factwire`: the one executable of both services and of every tool around them.
struct Factwire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "factwire",
        abstract: "News articles in, market-figure facts out, with PostgreSQL in between.",
        discussion: """
            Without DATABASE_URL (or --database-url), commands run a private PostgreSQL cluster under \
            .factwire/ (or --home / FACTWIRE_HOME), started and stopped for you.
            """,
        version: FactwireVersion.current,
        subcommands: [
            DemoCommand.self, UpCommand.self, IngestCommand.self, IngestWorkerCommand.self, QueryWorkerCommand.self,
            FactsCommand.self,
            ReprocessCommand.self, ExtractCommand.self, MigrateCommand.self, QueueCommand.self, CertsCommand.self,
            TokensCommand.self,
            AnalystCommand.self, RatesCommand.self, OpenAPICommand.self, BenchCommand.self, DatabaseCommand.self
        ]
    )
}

/// The version printed by `--version`.
enum FactwireVersion {
    static let current = "0.1.0"
}
