import Foundation

/// Runs CPU-heavy synchronous test work (training a model, extracting a few thousand articles for the expected
/// count) on a thread of its own.
///
/// Swift's cooperative pool has one thread per core: on two cores, one test computing on it for half a minute
/// halves the whole process, and two stop it. Every other suite running in parallel then stalls (its servers,
/// pools, timers), and their bounds fail for no fault of their own.
public enum OwnThread {
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.stackSize = 16 << 20
            thread.start()
        }
    }
}
