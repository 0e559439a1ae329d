import FactwireTesting
import PostgresNIO
import Testing

@testable import FactwireAPI

/// The fan-out of finished-job events to SSE clients and `?wait` requests.
@Suite("Event hub")
struct EventHubTests {
    @Test(
        "a subscriber that falls behind its buffer gets a resync before the events it still has, then nothing is lost silently again"
    )
    func overflowSendsResync() async throws {
        let server = try await TestPostgres.server()
        let client = PostgresClient(
            configuration: try server.clientConfiguration(maximumConnections: 1), backgroundLogger: TestPostgres.logger)
        let hub = EventHub(client: client, logger: TestPostgres.logger, bufferSize: 4)
        let subscription = try #require(hub.subscribe())
        for n in 1...10 { hub.broadcast(.job(#"{"id":\#(n)}"#)) }
        hub.broadcast(.ping)
        subscription.finish()
        var received: [EventHub.Event] = []
        for await event in subscription.events { received.append(event) }
        #expect(
            received == [.resync, .job(#"{"id":8}"#), .job(#"{"id":9}"#), .job(#"{"id":10}"#), .ping], "\(received)")

        let calm = try #require(hub.subscribe())
        hub.broadcast(.job(#"{"id":11}"#))
        calm.finish()
        var second: [EventHub.Event] = []
        for await event in calm.events { second.append(event) }
        #expect(second == [.job(#"{"id":11}"#)])
    }

    @Test("streams and waiters have caps of their own, checked and taken in one step under concurrency")
    func separateAtomicCaps() async throws {
        let server = try await TestPostgres.server()
        let client = PostgresClient(
            configuration: try server.clientConfiguration(maximumConnections: 1), backgroundLogger: TestPostgres.logger)
        let hub = EventHub(client: client, logger: TestPostgres.logger)
        // 200 concurrent attempts at each kind against caps of 10 and 20.
        let admitted = await withTaskGroup(of: (EventHub.SubscriberKind, EventHub.Subscription?).self) { group in
            for n in 0..<400 {
                let kind: EventHub.SubscriberKind = n % 2 == 0 ? .stream : .wait
                group.addTask { (kind, hub.subscribe(kind, limit: kind == .stream ? 10 : 20)) }
            }
            var result: [(EventHub.SubscriberKind, EventHub.Subscription)] = []
            for await (kind, subscription) in group { if let subscription { result.append((kind, subscription)) } }
            return result
        }
        #expect(admitted.filter { $0.0 == .stream }.count == 10)
        #expect(admitted.filter { $0.0 == .wait }.count == 20)
        #expect(hub.subscriberCount == 30)
        // A full stream cap does not block waiters, and a freed slot admits again.
        admitted.first { $0.0 == .stream }?.1.finish()
        let again = hub.subscribe(.stream, limit: 10)
        #expect(again != nil)
        #expect(hub.subscribe(.stream, limit: 10) == nil)
        #expect(hub.subscribe(.wait, limit: 21) != nil)
        again?.finish()
        for (_, subscription) in admitted { subscription.finish() }
    }
}
