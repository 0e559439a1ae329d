import ArgumentParser
import FactwireCore
import FactwireQueue
import FactwireRuntime
import FactwireStore
import Foundation

/// `factwire queue …`: look at the queue and act on it.
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Inspect and operate the job queue.",
        subcommands: [
            Stats.self, List.self, Show.self, Retry.self, Cancel.self, Pause.self, Resume.self, Enqueue.self,
            Limit.self, Periodic.self, QueueWorkCommand.self
        ]
    )

    static func withQueue<T: Sendable>(
        _ global: GlobalOptions, _ body: @escaping @Sendable (JobQueue) async throws -> T
    ) async throws -> T {
        let logger = global.makeLogger()
        return try await DatabaseSession.with(global, logger: logger, maximumConnections: 4) { session in
            try await Migrator.prepareForService(session: session, logger: logger, migrate: true)
            return try await body(JobQueue(client: session.client, logger: logger))
        }
    }

    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Jobs per queue and state, oldest wait, dead letters.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "One JSON object per line instead of a table.") var json = false

        func run() async throws {
            let json = self.json
            let (stats, limits) = try await QueueCommand.withQueue(global) { try await ($0.stats(), $0.limits()) }
            if json {
                for row in stats { try QueueCommand.printJSON(row) }
                if stats.isEmpty { FileHandle.standardError.write(Data("(no jobs)\n".utf8)) }
                return
            }
            for line in QueueStats.table(stats) { print(line) }
            if !limits.isEmpty { print("\nLIMITS\n" + KindLimit.table(limits).joined(separator: "\n")) }
        }
    }

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

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a dead, scheduled or retryable job available now.")
        @OptionGroup var job: JobReference
        func run() async throws { try await job.act { try await $0.retry(id: $1) } }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a waiting job, or ask a running one to stop.")
        @OptionGroup var job: JobReference
        func run() async throws { try await job.act { try await $0.cancel(id: $1) } }
    }

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

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop workers everywhere from claiming from a queue.")
        @OptionGroup var queue: QueueReference
        func run() async throws { try await queue.act("paused") { try await $0.pause(queue: $1) } }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let workers claim from a paused queue again.")
        @OptionGroup var queue: QueueReference
        func run() async throws { try await queue.act("resumed") { try await $0.resume(queue: $1) } }
    }

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

/// A queue command found nothing to act on.
struct QueueCommandError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
