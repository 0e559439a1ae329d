import ArgumentParser
import FactwireQueue

extension QueueCommand {
    /// The options of commands that act on one job.
    struct JobReference: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The job id.") var id: Int64

        /// Runs `operation` on the job and prints the job as it is afterwards.
        func act(_ operation: @escaping @Sendable (JobQueue, Int64) async throws -> JobSnapshot) async throws {
            let id = self.id
            print(try await QueueCommand.withQueue(global) { try await operation($0, id) }.json())
        }
    }
}
