import ArgumentParser
import FactwireCore
import FactwireQueue

extension QueueCommand {
    struct Enqueue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enqueue jobs (for scripts and drills).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The job kind.") var kind: String
        @Option(help: "Arguments as a JSON object.") var args = "{}"
        @Option(help: "The queue.") var queue = "default"
        @Option(help: "How many identical jobs.") var count = 1
        @Option(help: "Priority (lower runs first).") var priority: Int16 = 0
        @Option(help: "Delay in seconds.") var delay: Double?
        @Option(help: "Attempts before dead-lettering.") var maxAttempts: Int32 = 20
        @Option(help: "Unique key: at most one live job per kind and key.") var uniqueKey: String?

        func validate() throws {
            guard (1...1_000_000).contains(count) else { throw ValidationError("--count takes 1 to 1,000,000") }
            guard JSONValue(text: args)?.object != nil else {
                throw ValidationError("--args must be a JSON object, like '{\"ms\": 100}'")
            }
        }

        func run() async throws {
            var job = NewJob(queue: queue, kind: kind, argumentsJSON: args)
            job.priority = priority
            job.delay = delay.map { .milliseconds(Int64($0 * 1000)) }
            job.maxAttempts = maxAttempts
            job.uniqueKey = uniqueKey
            let (template, count) = (job, self.count)
            let ids = try await QueueCommand.withQueue(global) { try await $0.enqueue(copies: template, count: count) }
            if ids.count <= 20 {
                for id in ids { print(id) }
            } else {
                print("enqueued \(ids.count) jobs (ids \(ids.first!)…\(ids.last!))")
            }
        }
    }
}
