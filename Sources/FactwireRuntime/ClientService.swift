public import PostgresNIO
public import ServiceLifecycle

/// Runs a PostgresClient as a service (the read replica's pool).
public struct ClientService: Service {
    let client: PostgresClient
    public init(client: PostgresClient) { self.client = client }
    public func run() async throws { await client.run() }
}
