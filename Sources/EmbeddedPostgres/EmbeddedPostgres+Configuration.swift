import Foundation

extension EmbeddedPostgres {
    /// How and where the private cluster lives.
    public struct Configuration: Sendable {
        /// The folder that holds the cluster, its password and its log. Default `.factwire` in the
        /// current directory (flag `--home`, environment `FACTWIRE_HOME`).
        public var home: String
        /// The folder with `initdb`, `pg_ctl` and `postgres`; `nil` searches (see ``PostgresBinaries``).
        public var binDirectory: String?
        /// The superuser the cluster is created with. Default `factwire`.
        public var superuser: String = "factwire"
        /// The database that ``Endpoint`` names. The cluster has only `postgres` at first: callers with a
        /// client create this one (FactwireStore's `DatabaseConfiguration.createDatabaseIfMissing`).
        /// Default `factwire`.
        public var database: String = "factwire"
        /// The unprivileged OS user that owns the cluster when we run as root. Default `postgres`.
        public var osUser: String = "postgres"
        /// When false the server runs with `fsync=off` and friends: fast, and fine for throwaway test
        /// clusters, but a crash of the machine can lose data. Default true.
        public var durable: Bool = true
        /// Stop the server if this process dies without stopping it (SIGKILL, crash), through a small
        /// watchdog process. Only applies to a server this process started. Default true.
        public var stopWhenProcessExits: Bool = true
        /// Extra `-c name=value` server settings passed at every start.
        public var serverSettings: [String: String] = [:]
        /// The TCP port to listen on. Default nil: a free port, chosen again at every start. Set it when
        /// clients must find the server at the same address after a restart.
        public var port: Int?
        /// How long `pg_ctl` may wait for the server to start or stop. Default 60 s.
        public var timeoutSeconds: Int = 60
        /// When set, the cluster is made a streaming standby of this server instead of a fresh one:
        /// `pg_basebackup -R` copies the primary, and the copy replays its WAL until ``EmbeddedPostgres/promote()``.
        /// The standby shares the primary's roles, so its password file holds the primary's password.
        /// Default nil.
        public var standbyOf: Endpoint?

        /// Creates a configuration for a cluster under `home`.
        public init(home: String) {
            self.home = home
        }

        /// The home folder as an absolute, standardized path.
        public var absoluteHome: String {
            let url = URL(
                fileURLWithPath: home, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            return url.standardizedFileURL.path
        }
    }

    /// How `pg_ctl stop` ends the server (PostgreSQL's shutdown modes).
    public enum ShutdownMode: String, Sendable {
        /// Disconnect clients, roll back their transactions, checkpoint, exit. The default.
        case fast
        /// Kill every server process without a checkpoint: the next start runs crash recovery, as after
        /// a power cut. For drills and fault tests.
        case immediate
    }

    /// Where and how to connect to the running cluster.
    public struct Endpoint: Sendable, Equatable, CustomStringConvertible {
        /// Always `127.0.0.1`: the cluster never listens on other interfaces.
        public var host: String
        /// The TCP port chosen at start.
        public var port: Int
        /// The folder holding the unix socket `.s.PGSQL.<port>`.
        public var socketDirectory: String
        /// The superuser's name.
        public var user: String
        /// The superuser's password (kept in `<home>/password`, mode 0600).
        public var password: String
        /// The database created for Factwire.
        public var database: String

        /// A `postgres://` URL for this endpoint, with the password in it.
        public var url: String {
            "postgres://\(Self.escape(user)):\(Self.escape(password))@\(host):\(port)/\(Self.escape(database))?sslmode=disable"
        }

        /// The endpoint without its password, for logs.
        public var description: String { "postgres://\(user)@\(host):\(port)/\(database) (socket \(socketDirectory))" }

        static func escape(_ part: String) -> String {
            part.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
                ?? part
        }
    }
}
