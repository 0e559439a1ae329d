import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether this process uses named prepared statements (the queue's claim and completion, the busiest reads).
///
/// A named statement lives on one server connection. PgBouncer before 1.21 in transaction mode hands each
/// transaction to any server connection, where the statement may not exist (SQLSTATE 26000) or already
/// exist under the same name (42P05). So they are off when the URL says `pgbouncer=true`, with `--pgbouncer`,
/// with `DATABASE_PREPARED_STATEMENTS=off`, and, as detection, from the first such error on: the same SQL
/// then goes as an unnamed statement, parsed on every call.
public enum PreparedStatementPolicy {
    private static let disabled = Atomic<Bool>(false)

    /// `DATABASE_PREPARED_STATEMENTS=off`, read once: the environment is the process's configuration, and
    /// changing it while other threads read it is a data race in the C library.
    private static let offByEnvironment: Bool = {
        guard let value = getenv("DATABASE_PREPARED_STATEMENTS") else { return false }
        return String(cString: value).lowercased() == "off"
    }()

    /// Turns named statements off for the operations of one task and its children (a test comparing both
    /// forms of the same SQL on one connection pool, without touching the rest of the process).
    @TaskLocal public static var offInThisTask = false

    /// True unless turned off for this process, for this task, or by `DATABASE_PREPARED_STATEMENTS=off`.
    public static var enabled: Bool {
        !offInThisTask && !offByEnvironment && !disabled.load(ordering: .relaxed)
    }

    /// Turns named statements off for the rest of the process. Returns true the first time.
    @discardableResult
    public static func disable() -> Bool {
        !disabled.exchange(true, ordering: .relaxed)
    }

    /// Whether a server error's SQLSTATE says a named statement went to a connection that did not prepare it.
    public static func isPoolerMismatch(sqlState: String?) -> Bool {
        sqlState == "26000" || sqlState == "42P05"
    }
}
