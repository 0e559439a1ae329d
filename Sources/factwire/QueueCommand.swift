import ArgumentParser
import FactwireQueue
import FactwireRuntime
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
        return try await global.withDatabase(logger: logger, connections: 4) { session in
            return try await body(JobQueue(client: session.client, logger: logger))
        }
    }

    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// A queue command found nothing to act on.
struct QueueCommandError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
