import ArgumentParser
import FactwireBench
import FactwireCore
import FactwireRuntime

/// `factwire bench figures`: a company's series from `factwire.figures` among many generated facts;
/// prints JSON. The generated rows are deleted afterwards.
struct BenchFiguresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures", abstract: "Milliseconds to read one company's series from factwire.figures.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Facts to generate.") var facts = 1_000_000
    @Option(help: "Companies they belong to.") var companies = 1_000

    func validate() throws {
        guard facts > 0, companies >= 20 else {
            throw ValidationError("--facts must be positive, --companies at least 20")
        }
    }

    func run() async throws {
        var quiet = global.makeLogger()
        quiet.logLevel = max(quiet.logLevel, .warning)
        let logger = quiet
        var configuration = FiguresBenchmark.Configuration()
        configuration.facts = facts
        configuration.companies = companies
        configuration.articles = max(1, facts / 20)
        let settings = configuration
        try await global.withDatabase(logger: logger) { session in
            let report = try await FiguresBenchmark(configuration: settings, client: session.client, logger: logger)
                .run()
            print(try JSONCoding.string(report))
        }
    }
}
