/// An error from the job queue, with a message a user can act on.
public struct FactwireQueueError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is. Extensible: match on the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case leaseLost, unknownKind, badArguments, jobNotFound, invalidState, invalidRequest, poolStuck
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The job's lease is no longer ours (expired and rescued, or cancelled): the write changed nothing.
        public static let leaseLost = Code(.leaseLost)
        /// No handler is registered for the job's kind.
        public static let unknownKind = Code(.unknownKind)
        /// The job's arguments do not decode into the handler's type.
        public static let badArguments = Code(.badArguments)
        /// No job has that id.
        public static let jobNotFound = Code(.jobNotFound)
        /// The job is not in a state that allows the operation (retrying a running job, say).
        public static let invalidState = Code(.invalidState)
        /// The request itself is wrong (an empty queue name, a batch too large, …).
        public static let invalidRequest = Code(.invalidRequest)
        /// The worker's connection pool stopped handing out working connections while the database is up.
        public static let poolStuck = Code(.poolStuck)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A sentence a user can act on.
    public var message: String
    /// The job concerned, when there is one.
    public var jobID: Int64?

    /// Creates an error.
    public init(_ code: Code, message: String, jobID: Int64? = nil) {
        self.code = code
        self.message = message
        self.jobID = jobID
    }

    public var description: String { message }
}
