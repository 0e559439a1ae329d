import FactwireStore
import Testing

@Suite("DATABASE_URL parsing")
struct DatabaseConfigurationTests {
    @Test("a full URL with percent-encoded password and parameters")
    func full() throws {
        let configuration = try DatabaseConfiguration(
            url:
                "postgresql://fw%40user:p%40ss%3Aw0rd@db.internal:6432/facts?sslmode=verify-full&application_name=ingest"
        )
        #expect(configuration.username == "fw@user")
        #expect(configuration.password == "p@ss:w0rd")
        #expect(configuration.host == "db.internal")
        #expect(configuration.port == 6432)
        #expect(configuration.database == "facts")
        #expect(configuration.sslMode == .verifyFull)
        #expect(configuration.applicationName == "ingest")
    }

    @Test("defaults: port 5432, database named after the user, sslmode prefer")
    func defaults() throws {
        let configuration = try DatabaseConfiguration(url: "postgres://alice@localhost")
        #expect(configuration.port == 5432)
        #expect(configuration.database == "alice")
        #expect(configuration.sslMode == .prefer)
        #expect(configuration.password == nil)
    }

    @Test("PGSSLMODE applies when the URL has no sslmode")
    func environmentFallback() throws {
        let configuration = try DatabaseConfiguration(url: "postgres://a@h/d", environment: ["PGSSLMODE": "disable"])
        #expect(configuration.sslMode == .disable)
    }

    @Test("a unix socket folder in ?host=")
    func unixSocket() throws {
        let configuration = try DatabaseConfiguration(url: "postgres://a@/d?host=/var/run/postgresql&port=5433")
        #expect(configuration.unixSocketPath == "/var/run/postgresql/.s.PGSQL.5433")
        #expect(configuration.host == nil)
    }

    @Test("the description never shows the password")
    func redacted() throws {
        let configuration = try DatabaseConfiguration(url: "postgres://a:topsecret@h/d")
        #expect(!configuration.description.contains("topsecret"))
        #expect(configuration.description.contains("***"))
    }

    @Test(
        "bad URLs are refused with a message naming the problem",
        arguments: [
            ("mysql://a@h/d", "scheme"),
            ("postgres://h/d", "no user"),
            ("postgres://a@h:99999/d", "port"),
            ("postgres://a@h/d?sslmode=sometimes", "sslmode"),
            ("not a url at all", "URL")
        ]
    )
    func refused(url: String, mentions: String) {
        #expect {
            try DatabaseConfiguration(url: url)
        } throws: { error in
            String(describing: error).contains(mentions)
        }
    }

    @Test("an unreadable sslrootcert is a clear error")
    func missingRootCertificate() throws {
        let configuration = try DatabaseConfiguration(
            url: "postgres://a@h/d?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem")
        #expect {
            try configuration.clientConfiguration()
        } throws: { error in
            String(describing: error).contains("/nonexistent/ca.pem")
        }
    }

    @Test("the read replica takes PGSSLMODE and PGSSLROOTCERT from the environment, like the primary")
    func readReplicaEnvironment() throws {
        let environment = [
            "DATABASE_READ_URL": "postgres://reader@replica.internal:5433/factwire",
            "PGSSLMODE": "verify-full", "PGSSLROOTCERT": "/etc/factwire/db-ca.pem"
        ]
        let replica = try #require(try DatabaseConfiguration.readReplica(environment: environment))
        #expect(replica.host == "replica.internal" && replica.port == 5433)
        #expect(replica.sslMode == .verifyFull)
        #expect(replica.sslRootCertificate == "/etc/factwire/db-ca.pem")
        #expect(try DatabaseConfiguration.readReplica(environment: ["DATABASE_READ_URL": ""]) == nil)
        #expect(try DatabaseConfiguration.readReplica(environment: [:]) == nil)
    }

    @Test("url keeps every setting: parsing it gives the same configuration, over TCP and over a unix socket")
    func urlRoundTrip() throws {
        let tcp = try DatabaseConfiguration(
            url:
                "postgres://fw%40user:p%26ss%3Aw@db.internal:6543/facts?sslmode=verify-full&sslrootcert=/etc/ca%20dir/root.pem&application_name=factwire%20ingest"
        )
        let again = try DatabaseConfiguration(url: tcp.url)
        #expect(
            again.username == "fw@user" && again.password == "p&ss:w" && again.host == "db.internal"
                && again.port == 6543)
        #expect(again.database == "facts" && again.sslMode == .verifyFull)
        #expect(again.sslRootCertificate == "/etc/ca dir/root.pem")
        #expect(again.applicationName == "factwire ingest")
        let socket = try DatabaseConfiguration(url: "postgres://me@/db?host=/var/run/postgresql&port=5433")
        let back = try DatabaseConfiguration(url: socket.url)
        #expect(
            back.unixSocketPath == "/var/run/postgresql/.s.PGSQL.5433" && back.host == nil && back.port == 5433
                && back.database == "db")
    }
}
