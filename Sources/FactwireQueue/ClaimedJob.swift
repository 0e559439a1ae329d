public import Foundation

/// A job a worker has claimed: what the handler needs, and the lease that fences every write.
public struct ClaimedJob: Sendable, Equatable {
    /// The job's id.
    public var id: Int64
    /// The fencing token of this claim. Writes with an older token change nothing.
    public var lease: Int64
    /// The queue it came from.
    public var queue: String
    /// Which handler runs it.
    public var kind: String
    /// This attempt's number, from 1.
    public var attempt: Int32
    /// Attempts allowed before dead-lettering.
    public var maxAttempts: Int32
    /// The arguments as JSON text.
    public var argumentsJSON: String
    /// The metadata as JSON text.
    public var metaJSON: String
    /// When it became due.
    public var runAt: Date
    /// When this attempt was claimed (database clock).
    public var attemptedAt: Date

    /// A job as a worker would have claimed it, for running handlers in tests (FactwireQueueTesting).
    @_spi(Testing) public init(
        id: Int64, lease: Int64, queue: String, kind: String, attempt: Int32, maxAttempts: Int32,
        argumentsJSON: String, metaJSON: String, runAt: Date, attemptedAt: Date
    ) {
        self.id = id
        self.lease = lease
        self.queue = queue
        self.kind = kind
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.argumentsJSON = argumentsJSON
        self.metaJSON = metaJSON
        self.runAt = runAt
        self.attemptedAt = attemptedAt
    }
}
