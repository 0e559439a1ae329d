import AsyncHTTPClient
import EmbeddedPostgres
import FactwireStore
import FactwireTesting
import Foundation
import PostgresNIO
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The failover drill: an ingest worker and a query worker on a two-host `DATABASE_URL`
/// (`target_session_attrs=read-write`) under ingestion load over HTTPS; the primary is killed
/// (`pg_ctl stop -m immediate`) and the standby promoted (`pg_promote()`). Both workers move to the new
/// primary by themselves, and the counts match a clean run: no document lost, no fact duplicated. The
/// standby is synchronous (`synchronous_standby_names = '*'`), so every acknowledged write is on it.
/// Slow (its own two clusters): FACTWIRE_SLOW_TESTS=1, run on its own by `.ci/run`.
@Suite(
    "Past one server: failover to a promoted standby", .serialized, .timeLimit(.minutes(5)),
    .enabled(if: ProcessInfo.processInfo.environment["FACTWIRE_SLOW_TESTS"] == "1", "slow: set FACTWIRE_SLOW_TESTS=1"))
struct FailoverTests {
    static let documents = 240

    @Test("kill the primary under load, promote the standby: workers follow, nothing lost, nothing duplicated")
    func failover() async throws {
        let pair = try await ReplicatedPair.start("failover")
        defer { pair.stop() }
        let (p, s) = (pair.primaryEndpoint, pair.standbyEndpoint)
        // Synchronous replication: a commit is acknowledged once the standby has flushed it.
        _ = try await ReplicatedPair.value(p, "ALTER SYSTEM SET synchronous_standby_names = '*'", as: String.self)
        _ = try await ReplicatedPair.value(p, "SELECT pg_reload_conf()::text", as: String.self)
        try await Poll.until("the standby is synchronous", limit: .seconds(30)) {
            try await ReplicatedPair.value(
                p, "SELECT count(*)::int8 FROM pg_stat_replication WHERE sync_state = 'sync'", as: Int64.self) == 1
        }
        let password = p.password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? p.password
        let url =
            "postgres://\(p.user):\(password)@\(p.host):\(p.port),\(s.host):\(s.port)/\(p.database)?sslmode=disable&target_session_attrs=read-write"
        let environment = ["DATABASE_URL": url, "LOG_LEVEL": "info"]
        let ingest = try FactwireBinary.start(
            [
                "ingest-worker", "--concurrency", "4", "--lease-seconds", "4", "--rescue-seconds", "1",
                "--deadline-seconds", "20", "--call-timeout-seconds", "5"
            ],
            outputPath: "\(pair.folder)/ingest.log", environment: environment)
        defer {
            ingest.send(SIGKILL)
            _ = ingest.waitForExit()
        }
        let query = try FactwireBinary.start(
            ["query-worker"] + pair.tlsArguments, outputPath: "\(pair.folder)/query.log", environment: environment)
        defer {
            query.send(SIGKILL)
            _ = query.waitForExit()
        }
        let http = try pair.httpClient()
        defer { _ = http.shutdown() }
        let port = try #require(try await FactwireBinary.listeningPort(of: query), "\(query.output)")
        let api = RestartAPI(http: http, port: port)
        do {
            try await Poll.until("the query worker answers", limit: .seconds(30)) {
                (try? await api.get("/v1/articles").status) == 200
            }
        } catch {
            Issue.record("query worker log: \(query.output.suffix(3000))")
            throw error
        }

        let accepted = Atomic<Int>(0)
        let loader = Task {
            for index in 0..<Self.documents {
                let body = Array(ArticleFixtures.article(index).utf8)
                let giveUp = ContinuousClock.now + .seconds(120)
                var last = "no answer"
                while true {
                    do {
                        let reply = try await api.post("/v1/documents", body: body)
                        if reply.status == 202 || reply.status == 200 { break }
                        last = "\(reply.status) \(reply.body.prefix(200))"
                    } catch {
                        last = "\(error)"
                    }
                    guard ContinuousClock.now < giveUp else {
                        Issue.record("document \(index) was not accepted for 120 s; last answer: \(last)")
                        return
                    }
                    try await Task.sleep(for: .milliseconds(100))
                }
                accepted.add(1, ordering: .relaxed)
            }
        }
        try await Poll.until("80 documents are accepted") { accepted.load(ordering: .relaxed) >= 80 }
        try await pair.primary.stop(mode: .immediate)
        let killed = ContinuousClock.now
        try await Task.sleep(for: .seconds(1))
        #expect(try await ReplicatedPair.value(s, "SELECT pg_promote()", as: Bool.self) == true)
        let promoted = ContinuousClock.now
        try await Poll.until("the API answers 200 again", limit: .seconds(60)) {
            (try? await api.get("/v1/facts").status) == 200
        }
        let apiBack = promoted.duration(to: .now)
        let done =
            try await ReplicatedPair.value(s, "SELECT count(*)::int8 FROM factwire.job_history", as: Int64.self) ?? 0
        try await Poll.until("the ingest worker completes jobs on the new primary", limit: .seconds(60)) {
            (try await ReplicatedPair.value(s, "SELECT count(*)::int8 FROM factwire.job_history", as: Int64.self) ?? 0)
                > done || accepted.load(ordering: .relaxed) >= Self.documents
        }
        let workerBack = promoted.duration(to: .now)
        try await loader.value
        try await Poll.until("all documents are ingested on the new primary", limit: .seconds(120)) {
            try await ReplicatedPair.value(
                s, "SELECT count(*)::int8 FROM factwire.documents WHERE state = 'ingested'", as: Int64.self)
                ?? 0 >= Int64(Self.documents)
        }
        #expect(kill(ingest.pid, 0) == 0 && kill(query.pid, 0) == 0, "the workers are the processes started before")
        let count: @Sendable (PostgresQuery) async throws -> Int64 = {
            try await ReplicatedPair.value(s, $0, as: Int64.self) ?? -1
        }
        #expect(try await count("SELECT count(*)::int8 FROM factwire.documents") == Int64(Self.documents))
        #expect(try await count("SELECT count(*)::int8 FROM factwire.articles") == Int64(Self.documents))
        let expected = try await ArticleFixtures.expectedFactCount(0..<Self.documents)
        #expect(
            try await count("SELECT count(*)::int8 FROM factwire.facts") == Int64(expected),
            "ingest worker log: \(ingest.output.suffix(3000))")
        #expect(
            try await count("SELECT (SELECT count(*) FROM factwire.jobs) + (SELECT count(*) FROM factwire.dead_jobs)")
                == 0)
        #expect(
            try await count("SELECT count(DISTINCT id)::int8 FROM factwire.job_history WHERE final_state = 'completed'")
                == Int64(Self.documents))
        #expect(ingest.output.contains("database relay switched"), "\(ingest.output.suffix(2000))")
        #expect(query.output.contains("database relay switched"), "\(query.output.suffix(2000))")
        print(
            "failover: primary killed, standby promoted \(killed.duration(to: promoted)) later; API 200 again \(apiBack) after the promotion, ingest completing jobs again after \(workerBack)"
        )
        ingest.send(SIGTERM)
        query.send(SIGTERM)
        #expect(await ingest.exited() == 0, "\(ingest.output.suffix(2000))")
        #expect(await query.exited() == 0, "\(query.output.suffix(2000))")
    }
}
