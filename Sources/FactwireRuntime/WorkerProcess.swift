public import FactwireQueue
public import Logging
public import ServiceLifecycle

/// How a worker process runs its ``JobWorker``: `factwire ingest-worker` and `factwire queue work` differ
/// only in their handlers and the services beside the worker.
public enum WorkerProcess {
    /// Runs `worker` with `beside` (a metrics server…) until SIGTERM or SIGINT, and systemd hears that it is
    /// ready. `first` starts before the worker and stops after it: a tracing exporter flushes the spans of
    /// the others' shutdown. Running jobs get the worker's drain time, the group 10 s more to write their
    /// results; 15 s past the drain time the process returns to `main` whatever still runs.
    public static func run(
        _ worker: JobWorker, drainTimeout: Duration, first: [any Service] = [], beside: [any Service] = [],
        logger: Logger
    ) async throws {
        let services = (first + [worker] + beside + [SystemdService()]).map {
            ServiceGroupConfiguration.ServiceConfiguration(service: $0)
        }
        var group = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = drainTimeout + .seconds(10)
        try await ShutdownDeadline.run(group, budget: drainTimeout + .seconds(15), logger: logger)
    }
}
