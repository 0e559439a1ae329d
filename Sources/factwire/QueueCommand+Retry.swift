import ArgumentParser

extension QueueCommand {
    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a dead, scheduled or retryable job available now.")
        @OptionGroup var job: JobReference
        func run() async throws { try await job.act { try await $0.retry(id: $1) } }
    }
}
