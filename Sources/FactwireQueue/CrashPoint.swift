import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Named places where a worker process can be made to die on purpose, to prove that a crash at that
/// exact moment loses and duplicates nothing (SQLite's and FoundationDB's test hooks are the model).
///
/// Off unless the process starts with `FACTWIRE_CRASH_POINT=NAME:N`: then the N-th time any task
/// reaches `NAME` the process sends itself SIGKILL — no cleanup, no flush, no goodbye to PostgreSQL,
/// exactly like the OOM killer or a lost machine. When unset, ``reach(_:)`` costs one load.
///
/// Points: ``claimed`` (jobs claimed, not started), ``handling`` (inside the handler, before its
/// writes), ``stored`` (the handler's writes sent, its transaction and completion not committed).
public enum CrashPoint {
    /// A claim returned jobs; none of them has started.
    public static let claimed = "claimed"
    /// The handler is running and has written nothing yet.
    public static let handling = "handling"
    /// The handler's writes are sent inside its transaction; completion and commit have not happened.
    public static let stored = "stored"

    private static let armed: (name: String, count: Int)? = {
        guard let value = ProcessInfo.processInfo.environment["FACTWIRE_CRASH_POINT"] else { return nil }
        let parts = value.split(separator: ":", maxSplits: 1)
        guard let name = parts.first, !name.isEmpty else { return nil }
        let count = parts.count == 2 ? Int(parts[1]) ?? 1 : 1
        return (String(name), max(count, 1))
    }()
    private static let hits = Atomic<Int>(0)

    /// Dies here if this point is armed and this is its N-th hit.
    public static func reach(_ name: String) {
        guard let armed, armed.name == name else { return }
        let hit = hits.add(1, ordering: .relaxed).newValue
        guard hit == armed.count else { return }
        let message = "factwire: crash point '\(name)' reached (hit \(hit)); killing this process\n"
        message.utf8CString.withUnsafeBufferPointer { buffer in
            _ = write(2, buffer.baseAddress, buffer.count - 1)
        }
        kill(getpid(), SIGKILL)
    }
}
