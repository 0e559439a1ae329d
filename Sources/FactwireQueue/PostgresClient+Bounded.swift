import FactwireCore
import PostgresNIO

extension PostgresClient {
    /// A call on a pooled connection that gives up after `limit` (see ``Abandonable/run(timeout:grace:_:)``),
    /// counted in `factwire_queue_calls_timed_out_total` when it does. The worker runtime makes every
    /// call this way: one stuck on a dead connection must not hold a slot, a job or the claim loop.
    func withConnection<T: Sendable>(
        within limit: Duration, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await Abandonable.run(timeout: limit, grace: .seconds(1)) { try await self.withConnection(body) }
        } catch let error as Abandonable.TimedOut {
            QueueMetrics.callTimedOut()
            throw error
        }
    }
}
