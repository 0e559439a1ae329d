import ArgumentParser
import EmbeddedPostgres

/// `factwire db`: look after the embedded cluster by hand (for psql sessions and analysts).
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Start, stop or locate the embedded PostgreSQL cluster.",
        subcommands: [Start.self, Stop.self, Status.self]
    )

    static func cluster(_ global: GlobalOptions, keepRunning: Bool) -> EmbeddedPostgres {
        var configuration = EmbeddedPostgres.Configuration(home: global.resolvedHome)
        configuration.binDirectory = global.resolvedPgBin
        configuration.stopWhenProcessExits = !keepRunning
        return EmbeddedPostgres(configuration: configuration, logger: global.makeLogger())
    }

}
