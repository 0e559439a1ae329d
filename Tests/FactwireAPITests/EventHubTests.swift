@testable import FactwireAPI
import FactwireTesting
import PostgresNIO
import Testing

/// The fan-out of finished-job events to SSE clients and `?wait` requests.
@Suite("Event hub")
struct EventHubTests {
    @Test("a subscriber that falls behind its buffer gets a resync before the events it still has, then nothing is lost silently again")
    func overflowSendsResync() async throws {
        let server = try await TestPostgres.server()
        let client = PostgresClient(configuration: try server.clientConfiguration(maximumConnections: 1), backgroundLogger: TestPostgres.logger)
        let hub = EventHub(client: client, logger: TestPostgres.logger, bufferSize: 4)
        let subscription = hub.subscribe()
        for n in 1...10 { hub.broadcast(.job(#"{"id":\#(n)}"#)) }
        hub.broadcast(.ping)
        subscription.finish()
        var received: [EventHub.Event] = []
        for await event in subscription.events { received.append(event) }
        #expect(received == [.resync, .job(#"{"id":8}"#), .job(#"{"id":9}"#), .job(#"{"id":10}"#), .ping], "\(received)")

        let calm = hub.subscribe()
        hub.broadcast(.job(#"{"id":11}"#))
        calm.finish()
        var second: [EventHub.Event] = []
        for await event in calm.events { second.append(event) }
        #expect(second == [.job(#"{"id":11}"#)])
    }
}
