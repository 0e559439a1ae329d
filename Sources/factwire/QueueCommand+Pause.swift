import ArgumentParser

extension QueueCommand {
    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop workers everywhere from claiming from a queue.")
        @OptionGroup var queue: QueueReference
        func run() async throws { try await queue.act("paused") { try await $0.pause(queue: $1) } }
    }
}
