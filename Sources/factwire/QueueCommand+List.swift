import ArgumentParser
import FactwireQueue
import Foundation

extension QueueCommand {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recent jobs, newest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this queue.") var queue: String?
        @Option(
            help: "Only this state: \(JobStatus.allCases.map(\.rawValue).joined(separator: ", ")) (default: all live).")
        var state: String?
        @Option(help: "At most this many (1-1000).") var limit = 50

        func validate() throws {
            if let state, JobStatus(rawValue: state) == nil { throw ValidationError("unknown state '\(state)'") }
            guard (1...1000).contains(limit) else { throw ValidationError("--limit takes 1 to 1000") }
        }

        func run() async throws {
            let (queue, state, limit) = (self.queue, self.state.flatMap(JobStatus.init(rawValue:)), self.limit)
            let jobs = try await QueueCommand.withQueue(global) {
                try await $0.list(queue: queue, status: state, limit: limit)
            }
            for job in jobs { print(try job.json()) }
            // Standard output stays valid NDJSON (no lines); the person at the terminal still gets an answer.
            if jobs.isEmpty {
                FileHandle.standardError.write(Data("(no jobs\(state.map { " \($0.rawValue)" } ?? ""))\n".utf8))
            }
        }
    }
}
