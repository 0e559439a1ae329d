import ArgumentParser

extension QueueCommand {
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One job, wherever it is (live, history, dead letters).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The job id.") var id: Int64

        func run() async throws {
            let id = self.id
            guard let job = try await QueueCommand.withQueue(global, { try await $0.job(id: id) }) else {
                throw QueueCommandError(message: "no job has id \(id)")
            }
            print(try job.json())
        }
    }
}
