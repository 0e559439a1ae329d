/// Things a worker reports as they happen: for tests (wait on events, never on sleeps), benchmarks
/// and diagnostics. Delivered synchronously on the worker's tasks: keep observers fast.
public enum WorkerEvent: Sendable, Equatable {
    /// A LISTEN session started (the n-th of this worker).
    case listening(session: Int)
    /// The LISTEN connection was lost or found unhealthy.
    case listenerLost
    /// Jobs were claimed.
    case claimed(queue: String, ids: [Int64])
    /// A handler started (after the claim, before the handler's first line).
    case started(id: Int64, kind: String, attempt: Int32)
    /// A job left this worker with this status (completed, retryable, …).
    case finished(id: Int64, status: JobStatus)
    /// A write for this job was rejected because its lease was gone.
    case leaseLost(id: Int64)
    /// This process became the maintenance leader, or stopped being it.
    case leadership(Bool)
    /// The rescuer returned jobs whose lease or deadline passed.
    case rescued(count: Int)
    /// A job was released back to the queue on shutdown.
    case released(id: Int64)
    /// The leader enqueued a periodic job's run.
    case periodicEnqueued(name: String, id: Int64)
}
