import ArgumentParser

extension QueueCommand {
    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a waiting job, or ask a running one to stop.")
        @OptionGroup var job: JobReference
        func run() async throws { try await job.act { try await $0.cancel(id: $1) } }
    }
}
