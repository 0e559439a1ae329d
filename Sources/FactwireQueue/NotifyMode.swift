/// When the enqueuing client sends `NOTIFY factwire_jobs` to wake idle workers.
public enum NotifyMode: String, Sendable, CaseIterable {
    /// In the inserting transaction: delivered on commit, never for rolled-back jobs. The default.
    case inTransaction = "in-transaction"
    /// Right after the insert commits, outside the caller's transaction: keeps PostgreSQL's global
    /// NOTIFY commit lock out of long business transactions under very high commit rates.
    case afterCommit = "after-commit"
    /// Never: workers find jobs by polling. For PgBouncer in transaction mode, where LISTEN cannot work.
    case off
}
