public import FactwireQueue
import FactwireStore
public import Logging

extension JobWorker.Configuration {
    /// Fitted to the session: stuck-pool detection probes its database on a connection of its own, and
    /// LISTEN is off when the session has nowhere to LISTEN (PgBouncer in transaction mode without
    /// `DATABASE_LISTEN_URL`): the worker polls.
    public func probing(_ session: DatabaseSession, logger: Logger) -> Self {
        var configuration = self
        let database = session.configuration
        configuration.databaseProbe = {
            (try? await database.probe(timeout: .seconds(5), logger: logger)) != nil
        }
        if session.listener == nil { configuration.listen = false }
        return configuration
    }
}

extension JobWorker {
    /// A worker on a session's pools: claims and completions on its pool, LISTEN on its listen pool.
    public convenience init(
        session: DatabaseSession, registry: JobRegistry, configuration: Configuration, logger: Logger
    ) {
        self.init(
            client: session.client, listenClient: session.listenClient, registry: registry,
            configuration: configuration.probing(session, logger: logger), logger: logger)
    }
}
