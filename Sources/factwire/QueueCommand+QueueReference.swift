import ArgumentParser
import FactwireQueue

extension QueueCommand {
    /// The options of commands that act on one queue.
    struct QueueReference: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The queue.") var name: String

        func act(_ done: String, _ operation: @escaping @Sendable (JobQueue, String) async throws -> Void) async throws
        {
            let name = self.name
            try await QueueCommand.withQueue(global) { try await operation($0, name) }
            print("\(done) \(name)")
        }
    }
}
