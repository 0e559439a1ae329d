import ArgumentParser
import FactwireQueue

extension QueueCommand {
    /// `factwire queue periodic`: the schedules workers registered.
    struct Periodic: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List periodic jobs with their schedule, last and next run (registered by workers).")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "One JSON object per line instead of a table.") var json = false

        func run() async throws {
            let jobs = try await QueueCommand.withQueue(global) { try await $0.periodicJobs() }
            if json { return try jobs.forEach(QueueCommand.printJSON) }
            print(PeriodicJobState.table(jobs).joined(separator: "\n"))
        }
    }
}
