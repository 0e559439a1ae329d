/// An error from starting, stopping or locating the embedded PostgreSQL cluster.
///
/// `description` says what went wrong and what to do about it; the server's own output, when there is
/// any, is in `details`.
public struct EmbeddedPostgresError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is. Extensible: match on the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case binariesNotFound, spawnFailed, initdbFailed, startFailed, stopFailed
            case osUserMissing, homeNotUsable, basebackupFailed, promoteFailed
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// `initdb`, `pg_ctl` or `postgres` could not be found. Install PostgreSQL's server package.
        public static let binariesNotFound = Code(.binariesNotFound)
        /// A helper program could not be started at all.
        public static let spawnFailed = Code(.spawnFailed)
        /// `initdb` failed to create the cluster.
        public static let initdbFailed = Code(.initdbFailed)
        /// The server did not start.
        public static let startFailed = Code(.startFailed)
        /// The server did not stop.
        public static let stopFailed = Code(.stopFailed)
        /// Running as root, but the unprivileged OS user that must own the cluster does not exist.
        public static let osUserMissing = Code(.osUserMissing)
        /// The home folder cannot be created or written.
        public static let homeNotUsable = Code(.homeNotUsable)
        /// `pg_basebackup` could not copy the primary for a standby.
        public static let basebackupFailed = Code(.basebackupFailed)
        /// The standby could not be promoted.
        public static let promoteFailed = Code(.promoteFailed)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A sentence a user can act on.
    public var message: String
    /// The server's or tool's own output, for the log.
    public var details: String?

    /// Creates an error.
    public init(_ code: Code, message: String, details: String? = nil) {
        self.code = code
        self.message = message
        self.details = details
    }

    public var description: String { message }
}
