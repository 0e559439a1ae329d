import AsyncHTTPClient
import EmbeddedPostgres
import FactwireAPI
import FactwireStore
import FactwireTesting
import Foundation
import PostgresNIO
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// An ingest worker and a query worker through PgBouncer in transaction mode (`pgbouncer=true`), each with
/// its LISTEN session direct (`DATABASE_LISTEN_URL`): documents submitted over HTTPS with `?wait` come back
/// ingested, reads work, and the server sees no more than the pool's connections plus the LISTEN sessions.
/// The 20-process drill is `PgBouncerTests`. Slow: FACTWIRE_SLOW_TESTS=1, run by `.ci/run`.
@Suite(
    "Past one server: the workers through PgBouncer", .serialized, .timeLimit(.minutes(4)),
    .enabled(
        if: ProcessInfo.processInfo.environment["FACTWIRE_SLOW_TESTS"] == "1" && PgBouncer.installed,
        "slow, and needs Debian's pgbouncer: set FACTWIRE_SLOW_TESTS=1"))
struct PgBouncerAPITests {
    static let logger = TestPostgres.logger

    @Test("ingest and query workers through PgBouncer: ?wait answers, reads, no named statements, LISTEN direct")
    func workersThroughPool() async throws {
        let pool = try await PooledCluster.start("bouncer-api", poolSize: 6)
        defer { pool.stop() }
        let (folder, database, endpoint, bouncer) = (pool.folder, pool.database, pool.endpoint, pool.bouncer)
        try DevelopmentCertificates.create(in: "\(folder)/tls")
        _ = try await TestPostgres.withClient(database) { client in
            try await Migrator(logger: Self.logger).migrate(client: client)
        }
        let environment = ["DATABASE_URL": bouncer.url(for: database), "DATABASE_LISTEN_URL": endpoint.url]
        let ingest = try FactwireBinary.start(
            ["ingest-worker", "--no-migrate", "--concurrency", "4"], outputPath: "\(folder)/ingest.log",
            environment: environment)
        defer {
            ingest.send(SIGKILL)
            _ = ingest.waitForExit()
        }
        let query = try FactwireBinary.start(
            [
                "query-worker", "--no-migrate", "--listen", "127.0.0.1:0", "--tls-cert", "\(folder)/tls/server.pem",
                "--tls-key", "\(folder)/tls/server-key.pem", "--client-ca", "\(folder)/tls/ca.pem"
            ],
            outputPath: "\(folder)/query.log", environment: environment)
        defer {
            query.send(SIGKILL)
            _ = query.waitForExit()
        }
        let http = try ReplicatedPair.httpClient(folder: folder)
        defer { _ = http.shutdown() }
        let port = try #require(try await FactwireBinary.listeningPort(of: query), "\(query.output)")
        let api = RestartAPI(http: http, port: port)
        try await Poll.until("the query worker answers") { (try? await api.get("/v1/articles").status) == 200 }

        for index in 0..<20 {
            let reply = try await api.post("/v1/documents?wait=30s", body: Array(ArticleFixtures.article(index).utf8))
            #expect(reply.status == 200 && ReadReplicaTests.articleID(reply.body) != nil, "\(reply.body.prefix(300))")
        }
        #expect(try await api.get("/v1/facts?limit=50").status == 200)
        #expect(try await api.get("/v1/articles?limit=50").status == 200)
        let sessions = try #require(
            try await ReplicatedPair.value(
                endpoint,
                "SELECT count(*)::int8 FROM pg_stat_activity WHERE backend_type = 'client backend' AND datname = current_database()",
                as: Int64.self))
        // PgBouncer's pool (6), the two LISTEN sessions, the query worker's availability probe and this one.
        #expect(sessions <= 10, "server sessions: \(sessions)")
        for log in [ingest.output, query.output] {
            #expect(!log.contains("named prepared statements fail"), "\(log.suffix(1500))")
        }
        ingest.send(SIGTERM)
        query.send(SIGTERM)
        #expect(await ingest.exited() == 0, "\(ingest.output.suffix(2000))")
        #expect(await query.exited() == 0, "\(query.output.suffix(2000))")
    }
}
