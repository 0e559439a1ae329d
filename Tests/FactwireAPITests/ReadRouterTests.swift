import EmbeddedPostgres
import FactwireStore
import FactwireTesting
import Foundation
import PostgresNIO
import Testing

@testable import FactwireAPI

/// Where reads go, on the test server: a replica that answers serves them; one whose address refuses
/// connections is found down and the read is answered by the primary instead of waiting on the replica's
/// pool. The real streaming standby is the slow `ReadReplicaTests`.
@Suite("Read routing between a replica and the primary")
struct ReadRouterTests {
    static let logger = TestPostgres.logger

    static func answer(_ client: PostgresClient) async throws -> String {
        let rows = try await client.query("SELECT current_setting('port')", logger: logger)
        for try await port in rows.decode(String.self) { return port }
        return ""
    }

    @Test("a replica that does not answer: the read waiting on its pool is answered by the primary, without error")
    func deadReplica() async throws {
        let database = try await TestPostgres.makeDatabase("read_router")
        var unreachable = database
        unreachable.port = try #require(FreePort.find())
        unreachable.hosts = [DatabaseHost(host: unreachable.host ?? "127.0.0.1", port: unreachable.port)]
        let replica = unreachable
        try await TestPostgres.withClient(database) { primary in
            let replicaClient = PostgresClient(
                configuration: try replica.clientConfiguration(maximumConnections: 2), backgroundLogger: Self.logger)
            let pool = Task { await replicaClient.run() }
            defer { pool.cancel() }
            let router = ReadRouter(
                primary: primary, replica: (replicaClient, replica), checkInterval: .milliseconds(200),
                logger: Self.logger)
            let checks = Task { try await router.run() }
            defer { checks.cancel() }
            let started = ContinuousClock.now
            let port = try await router.read { try await Self.answer($0) }
            #expect(port == "\(database.port)")
            // Without the fallback the read waits on the replica's pool and fails; the bound leaves a loaded run room.
            #expect(started.duration(to: .now) < .seconds(60))
            #expect(router.replicaState?.up == false)
            // Once known down, reads go straight to the primary.
            #expect(try await router.read { try await Self.answer($0) } == "\(database.port)")
        }
    }

    @Test("a replica that answers and has nothing to replay serves the reads, with lag 0")
    func liveReplica() async throws {
        let database = try await TestPostgres.makeDatabase("read_router_live")
        try await TestPostgres.withClient(database) { primary in
            try await TestPostgres.withClient(database) { replicaClient in
                // A generous check timeout: under a loaded parallel run a fresh connection can take seconds, and
                // this test is about what a check finds, not how fast (the dead-replica test covers the timeout).
                let router = ReadRouter(
                    primary: primary, replica: (replicaClient, database), checkInterval: .milliseconds(100),
                    checkTimeout: .seconds(60), logger: Self.logger)
                let state = await router.check(database)
                // The bytes figure is what the server wrote between the two reads of its WAL position.
                #expect(state.up && state.lagSeconds == 0 && state.lagBytes != nil)
                #expect(router.replicaServes)
                #expect(ReadRouter.isReplicaFailure(ReadRouter.ReplicaUnavailable()))
                #expect(!ReadRouter.isReplicaFailure(CancellationError()))
            }
        }
    }
}
