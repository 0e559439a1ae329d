import Foundation

/// Runs CPU-heavy synchronous test work (training a model, timing a long extraction) on a thread of its
/// own. Swift's cooperative pool has one thread per core; a test that computes on it for a minute starves
/// every other suite running in parallel, and their time limits then fail for no fault of their own.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.stackSize = 16 << 20
        thread.start()
    }
}
