import FactwireCore
import Foundation

/// A job to enqueue.
public struct NewJob: Sendable {
    /// The queue it goes to (workers claim per queue).
    public var queue: String
    /// Which handler runs it.
    public var kind: String
    /// The handler's arguments, as JSON text. Keep it small: reference large data by id.
    public var argumentsJSON: String
    /// Lower runs first. Default 0.
    public var priority: Int16 = 0
    /// Not before this delay from now (database clock). Default: at once.
    public var delay: Duration? = nil
    /// How many attempts before it is dead-lettered. Default 20.
    public var maxAttempts: Int32 = 20
    /// At most one live job per (kind, unique key): enqueueing another returns the existing job.
    public var uniqueKey: String? = nil
    /// Free-form metadata (trace context, tags), as a JSON object text.
    public var metaJSON: String = "{}"

    /// Creates a job with JSON arguments you already have.
    public init(queue: String = "default", kind: String, argumentsJSON: String = "{}") {
        self.queue = queue
        self.kind = kind
        self.argumentsJSON = argumentsJSON
    }

    /// Creates a job whose arguments are encoded from `arguments`.
    public init<Arguments: Encodable>(queue: String = "default", kind: String, arguments: Arguments) throws {
        let data = try JSONEncoder().encode(arguments)
        self.init(queue: queue, kind: kind, argumentsJSON: String(decoding: data, as: UTF8.self))
    }

    func validate() throws {
        guard (1...128).contains(queue.utf8.count) else {
            throw FactwireQueueError(
                .invalidRequest, message: "queue names are 1 to 128 bytes; got '\(queue.prefix(40))'")
        }
        guard (1...128).contains(kind.utf8.count) else {
            throw FactwireQueueError(.invalidRequest, message: "job kinds are 1 to 128 bytes; got '\(kind.prefix(40))'")
        }
        guard maxAttempts > 0 else {
            throw FactwireQueueError(.invalidRequest, message: "max attempts must be at least 1")
        }
    }

    /// Seconds of delay, for the database to add to its own clock (negative: none).
    var delaySeconds: Double {
        guard let delay else { return -1 }
        return delay.seconds
    }
}

/// What enqueueing one job did.
public struct EnqueuedJob: Sendable, Equatable {
    /// The job's id (the existing job's, when a unique key matched).
    public var id: Int64
    /// False when a live job with the same unique key already existed; nothing was inserted then.
    public var inserted: Bool
}
