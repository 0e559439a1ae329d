import Synchronization

/// A flag another thread sets to stop an extraction between sentences.
///
/// Extraction is synchronous CPU work; the ingest worker runs it on a thread of its own and sets this
/// when the job's task is cancelled (deadline, lost lease, shutdown), so a huge document cannot hold a
/// worker past its job's deadline.
public final class ExtractionCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    /// Asks the extraction to stop.
    public func cancel() { flag.store(true, ordering: .relaxed) }

    /// True once ``cancel()`` was called.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }

    /// Throws ``ExtractionCancelled`` once cancelled.
    func check() throws(ExtractionCancelled) {
        if isCancelled { throw ExtractionCancelled() }
    }
}

/// The extraction was stopped by its ``ExtractionCancellation``.
public struct ExtractionCancelled: Error, CustomStringConvertible, Sendable {
    public var description: String { "the extraction was cancelled" }
}
