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

    public init(url: String?, environment: [String: String], home: String, pgBin: String?) {
        self.url = url
        self.environment = environment
        self.home = home
        self.pgBin = pgBin
    }
}
