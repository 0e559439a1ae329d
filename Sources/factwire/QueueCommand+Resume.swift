import ArgumentParser

extension QueueCommand {
    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let workers claim from a paused queue again.")
        @OptionGroup var queue: QueueReference
        func run() async throws { try await queue.act("resumed") { try await $0.resume(queue: $1) } }
    }
}
