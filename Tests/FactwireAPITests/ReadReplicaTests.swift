import AsyncHTTPClient
import EmbeddedPostgres
import FactwireStore
import FactwireTesting
import Foundation
import PostgresNIO
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A query worker with `DATABASE_READ_URL` on a real streaming standby (`pg_basebackup -R`): reads are
/// served there (the standby's own counters say so), writes and `?wait` answers by the primary, the lag is
/// measured, a lagging replica is skipped, and a replica that goes down costs no 5xx.
/// Slow (its own two clusters): FACTWIRE_SLOW_TESTS=1, run on its own by `.ci/run`.
@Suite(
    "Past one server: a read replica", .serialized, .timeLimit(.minutes(5)),
    .enabled(if: ProcessInfo.processInfo.environment["FACTWIRE_SLOW_TESTS"] == "1", "slow: set FACTWIRE_SLOW_TESTS=1"))
struct ReadReplicaTests {
    static let documents = 12
    static let reads = 200

    /// The article id of a `?wait` answer.
    static func articleID(_ body: String) -> Int? {
        let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        return (object?["article"] as? [String: Any])?["id"] as? Int
    }

    @Test(
        "reads on the standby, ?wait from the primary, lag over the limit and a stopped standby send reads to the primary"
    )
    func readReplica() async throws {
        let pair = try await ReplicatedPair.start("replica")
        defer { pair.stop() }
        let primaryURL = pair.primaryEndpoint.url
        let ingest = try FactwireBinary.start(
            ["ingest-worker", "--concurrency", "4"], outputPath: "\(pair.folder)/ingest.log",
            environment: ["DATABASE_URL": primaryURL])
        defer {
            ingest.send(SIGKILL)
            _ = ingest.waitForExit()
        }
        let query = try FactwireBinary.start(
            ["query-worker"] + pair.tlsArguments, outputPath: "\(pair.folder)/query.log",
            environment: [
                "DATABASE_URL": primaryURL, "DATABASE_READ_URL": pair.standbyEndpoint.url,
                "DATABASE_READ_MAX_LAG_SECONDS": "2"
            ])
        defer {
            query.send(SIGKILL)
            _ = query.waitForExit()
        }
        let http = try pair.httpClient()
        defer { _ = http.shutdown() }
        let port = try #require(try await FactwireBinary.listeningPort(of: query), "\(query.output)")
        let api = RestartAPI(http: http, port: port)
        try await Poll.until("the query worker answers") { (try? await api.get("/v1/articles").status) == 200 }

        // Writes and their ?wait answers: the primary, which has the write just made.
        var articleIDs: [Int64] = []
        for index in 0..<Self.documents {
            let reply = try await api.post("/v1/documents?wait=30s", body: Array(ArticleFixtures.article(index).utf8))
            #expect(reply.status == 200, "\(reply.body.prefix(300))")
            let article = try #require(Self.articleID(reply.body), "no article in \(reply.body.prefix(300))")
            articleIDs.append(Int64(article))
        }
        try await Poll.until("the standby has replayed every article", limit: .seconds(30)) {
            try await ReplicatedPair.value(
                pair.standbyEndpoint, "SELECT count(*)::int8 FROM factwire.articles", as: Int64.self)
                == Int64(
                    Self.documents)
        }

        // Reads of facts, articles, companies and figures: the standby serves them, by its own statistics and by
        // the worker's counter.
        let commitsQuery: PostgresQuery =
            "SELECT xact_commit::int8 FROM pg_stat_database WHERE datname = current_database()"
        let standbyBefore = try #require(
            try await ReplicatedPair.value(pair.standbyEndpoint, commitsQuery, as: Int64.self))
        let scrapeBefore = try await api.get("/metrics").body
        for index in 0..<Self.reads {
            let paths = [
                "/v1/facts?limit=5", "/v1/articles/\(articleIDs[index % articleIDs.count])", "/v1/companies?limit=5",
                "/v1/figures?limit=5"
            ]
            let path = paths[index % paths.count]
            let reply = try await api.get(path)
            #expect(reply.status == 200, "\(path): \(reply.status) \(reply.body.prefix(200))")
        }
        let scrapeAfter = try await api.get("/metrics").body
        let replicaReads =
            (ReplicatedPair.metric(scrapeAfter, #"factwire_reads_total{server="replica"}"#) ?? 0)
            - (ReplicatedPair.metric(scrapeBefore, #"factwire_reads_total{server="replica"}"#) ?? 0)
        let primaryReads =
            (ReplicatedPair.metric(scrapeAfter, #"factwire_reads_total{server="primary"}"#) ?? 0)
            - (ReplicatedPair.metric(scrapeBefore, #"factwire_reads_total{server="primary"}"#) ?? 0)
        #expect(replicaReads == Double(Self.reads), "replica \(replicaReads), primary \(primaryReads)")
        // PostgreSQL flushes an idle backend's statistics within seconds, not at once.
        var standbyCommits: Int64 = 0
        try await Poll.until("the standby's own statistics count the reads", limit: .seconds(30)) {
            standbyCommits =
                (try await ReplicatedPair.value(pair.standbyEndpoint, commitsQuery, as: Int64.self) ?? 0)
                - standbyBefore
            return standbyCommits >= Int64(Self.reads)
        }
        print(
            "replica: \(Int(replicaReads)) of \(Int(replicaReads + primaryReads)) reads served by the standby; its pg_stat_database counted \(standbyCommits) transactions"
        )
        #expect(ReplicatedPair.metric(scrapeAfter, "factwire_replica_up") == 1)

        // A standby that stopped replaying falls behind; past the limit, reads go to the primary.
        _ = try await ReplicatedPair.value(pair.standbyEndpoint, "SELECT pg_wal_replay_pause()::text", as: String.self)
        let late = try await api.post("/v1/documents?wait=30s", body: Array(ArticleFixtures.article(900).utf8))
        #expect(late.status == 200, "\(late.body.prefix(300))")
        let lateID = try #require(Self.articleID(late.body))
        #expect(
            try await ReplicatedPair.value(
                pair.standbyEndpoint, "SELECT count(*)::int8 FROM factwire.articles WHERE id = \(Int64(lateID))",
                as: Int64.self) == 0, "the paused standby must not have the new article")
        var lag: Double = 0
        try await Poll.until("the measured lag passes the 2 s limit", limit: .seconds(30)) {
            lag = ReplicatedPair.metric(try await api.get("/metrics").body, "factwire_replica_lag_seconds") ?? 0
            return lag > 2
        }
        let lagged = try await api.get("/v1/articles/\(lateID)")
        #expect(
            lagged.status == 200,
            "a lagging replica's reads go to the primary: \(lagged.status) \(lagged.body.prefix(200))")
        print("replica: replay paused, lag measured \(lag) s; the new article was read from the primary")
        _ = try await ReplicatedPair.value(pair.standbyEndpoint, "SELECT pg_wal_replay_resume()::text", as: String.self)
        try await Poll.until("the lag is back under the limit", limit: .seconds(30)) {
            (ReplicatedPair.metric(try await api.get("/metrics").body, "factwire_replica_lag_seconds") ?? 99) < 1
        }

        // The standby stops: no 5xx, reads on the primary; it comes back: reads return to it.
        try await pair.standby.stop(mode: .immediate)
        var failures: [String] = []
        let down = ContinuousClock.now
        while down.duration(to: .now) < .seconds(5) {
            let reply = try await api.get("/v1/facts?limit=5")
            if reply.status != 200 { failures.append("\(reply.status) \(reply.body.prefix(200))") }
        }
        #expect(failures.isEmpty, "reads failed while the standby was down: \(failures.prefix(3))")
        #expect(ReplicatedPair.metric(try await api.get("/metrics").body, "factwire_replica_up") == 0)
        _ = try await pair.standby.start()
        try await Poll.until("reads go to the standby again", limit: .seconds(60)) {
            let before =
                ReplicatedPair.metric(
                    try await api.get("/metrics").body, #"factwire_reads_total{server="replica"}"#) ?? 0
            _ = try await api.get("/v1/facts?limit=5")
            let after =
                ReplicatedPair.metric(
                    try await api.get("/metrics").body, #"factwire_reads_total{server="replica"}"#) ?? 0
            return after > before
        }
        query.send(SIGTERM)
        ingest.send(SIGTERM)
        #expect(await query.exited() == 0, "\(query.output.suffix(2000))")
        #expect(await ingest.exited() == 0, "\(ingest.output.suffix(2000))")
    }
}
