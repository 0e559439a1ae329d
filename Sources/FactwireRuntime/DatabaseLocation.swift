/// Where a command's database is: a URL, or the embedded cluster's home (and where its programs are).
public struct DatabaseLocation: Sendable {
    /// A PostgreSQL URL; nil for the embedded cluster.
    public var url: String?
    /// The process environment (TLS files and passwords may come from it).
    public var environment: [String: String]
    /// The embedded cluster's folder.
    public var home: String
    /// Where initdb/pg_ctl/postgres are; nil to search.
    public var pgBin: String?
    /// A direct URL for the one LISTEN session of the process, when ``url`` goes through a pooler in
    /// transaction mode (`DATABASE_LISTEN_URL`). Nil: LISTEN on ``url``, or poll only behind PgBouncer.
    public var listenURL: String?
    /// ``url`` is PgBouncer in transaction mode (`--pgbouncer`, or `pgbouncer=true` in the URL).
    public var pgbouncer: Bool

    public init(
        url: String?, environment: [String: String], home: String, pgBin: String?, listenURL: String? = nil,
        pgbouncer: Bool = false
    ) {
        self.url = url
        self.environment = environment
        self.home = home
        self.pgBin = pgBin
        self.listenURL = listenURL
        self.pgbouncer = pgbouncer
    }
}
