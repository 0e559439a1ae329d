public import FactwireStore
public import PostgresNIO
public import ServiceLifecycle

/// Runs a PostgresClient as a service (the read replica's pool).
public struct ClientService: Service {
    let client: PostgresClient
    public init(client: PostgresClient) { self.client = client }
    public func run() async throws { await client.run() }
}

/// Runs a ``DatabaseRelay`` as a service (the read replica's, for a multi-host `DATABASE_READ_URL`).
public struct RelayService: Service {
    let relay: DatabaseRelay
    public init(relay: DatabaseRelay) { self.relay = relay }
    public func run() async throws { await cancelWhenGracefulShutdown { await relay.run() } }
}
