import ArgumentParser
import FactwireAPI
import FactwireIngest
import FactwireQueue
import FactwireStore
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// Runs a PostgresClient as a service (the read replica's pool).
struct ClientService: Service {
    let client: PostgresClient
    func run() async throws { await client.run() }
}
