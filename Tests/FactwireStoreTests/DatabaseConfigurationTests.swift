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

    @Test("several hosts, each with its port or 5432, and target_session_attrs, as libpq reads them")
    func multiHost() throws {
        let configuration = try DatabaseConfiguration(
            url: "postgres://fw:pw@db1.internal:5433,db2.internal,[::1]:6000/facts?target_session_attrs=read-write")
        #expect(
            configuration.hosts == [
                DatabaseHost(host: "db1.internal", port: 5433), DatabaseHost(host: "db2.internal", port: 5432),
                DatabaseHost(host: "::1", port: 6000)
            ])
        #expect(configuration.host == "db1.internal" && configuration.port == 5433)
        #expect(configuration.database == "facts" && configuration.username == "fw" && configuration.password == "pw")
        #expect(configuration.targetSessionAttributes == .readWrite)
        #expect(configuration.description.contains("db1.internal:5433,db2.internal:5432,[::1]:6000"))
        #expect(!configuration.description.contains("pw@"))
        let back = try DatabaseConfiguration(url: configuration.url)
        #expect(back.hosts == configuration.hosts && back.targetSessionAttributes == .readWrite)
        #expect(try DatabaseConfiguration(url: "postgres://a@h/d").targetSessionAttributes == .any)
    }

    @Test(
        "multi-host and pooler mistakes are refused with the reason",
        arguments: [
            ("postgres://a@h1,/d", "host ''"),
            ("postgres://a@h1,h2:99999/d", "host 'h2:99999'"),
            ("postgres://a@h1,h2/d?target_session_attrs=leader", "target_session_attrs 'leader'"),
            ("postgres://a@h1,h2/d?sslmode=verify-full", "verify-full"),
            ("postgres://a@h/d?pgbouncer=maybe", "pgbouncer 'maybe'")
        ])
    func multiHostRefused(url: String, mentions: String) {
        #expect {
            _ = try DatabaseConfiguration(url: url)
        } throws: { error in
            "\(error)".contains(mentions)
        }
    }

    @Test("pgbouncer=true marks a pooler in transaction mode, and survives the URL round trip")
    func pgbouncerFlag() throws {
        let configuration = try DatabaseConfiguration(url: "postgres://a:b@pool:6432/d?pgbouncer=true")
        #expect(configuration.pgbouncer)
        #expect(try DatabaseConfiguration(url: configuration.url).pgbouncer)
        #expect(try !DatabaseConfiguration(url: "postgres://a:b@pool:6432/d").pgbouncer)
    }

    @Test("target_session_attrs: which server states each value accepts")
    func sessionAttributes() {
        #expect(TargetSessionAttributes.readWrite.accepts(inRecovery: false, readOnly: false))
        #expect(!TargetSessionAttributes.readWrite.accepts(inRecovery: true, readOnly: true))
        #expect(!TargetSessionAttributes.primary.accepts(inRecovery: true, readOnly: true))
        #expect(TargetSessionAttributes.standby.accepts(inRecovery: true, readOnly: true))
        #expect(!TargetSessionAttributes.standby.accepts(inRecovery: false, readOnly: false))
        #expect(TargetSessionAttributes.readOnly.accepts(inRecovery: false, readOnly: true))
        #expect(TargetSessionAttributes.any.accepts(inRecovery: true, readOnly: true))
    }
}
