/// A queue to work and how many of its jobs may run at once in one process, as written on a command
/// line or in an environment variable: `NAME` or `NAME=CONCURRENCY`.
public struct QueueSpecification: Sendable, Equatable {
    /// What `NAME` alone means.
    public static let defaultConcurrency = 16

    public var name: String
    public var concurrency: Int

    /// Why a specification was refused; the message quotes it.
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Reads `NAME` or `NAME=CONCURRENCY` (a positive whole number).
    public init(_ text: String) throws(Invalid) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, !first.isEmpty else {
            throw Invalid(description: "a queue is NAME or NAME=CONCURRENCY, got '\(text)'")
        }
        name = String(first)
        guard parts.count == 2 else {
            concurrency = Self.defaultConcurrency
            return
        }
        guard let value = Int(parts[1]), value >= 1 else {
            throw Invalid(description: "queue \(text): concurrency must be a positive number")
        }
        concurrency = value
    }

    /// The queues of `texts` by name (a later one wins); `fallback` when there are none.
    public static func queues(_ texts: [String], fallback: [String: Int]) throws(Invalid) -> [String: Int] {
        guard !texts.isEmpty else { return fallback }
        var queues: [String: Int] = [:]
        for text in texts {
            let specification = try QueueSpecification(text)
            queues[specification.name] = specification.concurrency
        }
        return queues
    }
}
