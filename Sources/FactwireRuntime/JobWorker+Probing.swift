public import FactwireQueue
import FactwireStore
public import Logging

extension JobWorker.Configuration {
    /// With stuck-pool detection: the worker probes the session's database on a connection of its own.
    public func probing(_ session: DatabaseSession, logger: Logger) -> Self {
        var configuration = self
        let database = session.configuration
        configuration.databaseProbe = {
            (try? await database.probe(timeout: .seconds(5), logger: logger)) != nil
        }
        return configuration
    }
}
