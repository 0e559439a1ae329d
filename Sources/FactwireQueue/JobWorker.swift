import Foundation
public import Logging
public import PostgresNIO
public import ServiceLifecycle
import Synchronization
import Tracing

/// A worker process's queue runtime, as a `Service`: claims, runs and finishes jobs of its queues.
///
/// Per queue, a producer claims up to its free slots in one `FOR UPDATE SKIP LOCKED` statement
/// whenever it is woken (a NOTIFY for that queue, a finished job, a reconnect) or its poll interval
/// passes. One LISTEN connection per process, self-pinged; one batched finisher; a lease keeper that
/// extends only long-running jobs and enforces deadlines and cancel requests; and, when elected, the
/// maintenance leader (stager, rescuer, partitions). On graceful shutdown it stops claiming, lets
/// running jobs finish within ``Configuration/drainTimeout``, then cancels and releases the rest.
public final class JobWorker: Service, Sendable {
    /// The configuration.
    public let configuration: Configuration
    let client: PostgresClient
    let registry: JobRegistry
    let logger: Logger
    let running = RunningJobs()
    let finisher: BatchFinisher
    let wakes: [String: WakeSignal]
    let shuttingDown = Mutex(false)
    let lostLeases = Atomic<Int>(0)
    /// Set when the worker stopped itself (a stuck pool); thrown by ``run()``.
    let stoppedItself = Mutex<FactwireQueueError?>(nil)
    /// When the last xmin-horizon warning was logged (rate limit).
    let lastHorizonWarning = Mutex<ContinuousClock.Instant?>(nil)
    let leaderWake = WakeSignal()
    /// Whether this process is the maintenance leader now (set by the election loop).
    let leading = Atomic<Bool>(false)
    /// Whether any global concurrency limit exists, and when that was last read.
    let limitsSeen = Mutex<(exists: Bool, at: ContinuousClock.Instant?)>((false, nil))
    let listener: QueueListener?
    /// Whether the process bootstrapped a tracer (before it made its workers, as processes do at start).
    /// Without one, a job's span is a no-op, and making it (and reading a trace from the job's `meta`) cost
    /// about 5 % of a worker's CPU per job (perf, no-op jobs).
    let tracing = !(InstrumentationSystem.tracer is NoOpTracer)

    /// Creates a worker; it starts with ``run()``.
    /// - Parameters:
    ///   - client: claims, completions and maintenance.
    ///   - listenClient: the LISTEN session's pool, when `client` goes through PgBouncer in transaction mode
    ///     (a direct connection to the server). Default: `client`.
    public init(
        client: PostgresClient, listenClient: PostgresClient? = nil, registry: JobRegistry,
        configuration: Configuration, logger: Logger
    ) {
        self.client = client
        self.registry = registry
        self.configuration = configuration
        self.logger = logger
        self.finisher = BatchFinisher(
            client: client, mode: configuration.finishMode, callTimeout: configuration.callTimeout, logger: logger)
        let wakes = Dictionary(uniqueKeysWithValues: configuration.queues.keys.map { ($0, WakeSignal()) })
        self.wakes = wakes
        let runningJobs = running
        let leaderWake = self.leaderWake
        let observer = configuration.observer
        if configuration.listen {
            listener = QueueListener(
                client: listenClient ?? client,
                workerID: configuration.workerID,
                health: ListenerHealth(
                    healthyPoll: configuration.healthyPollInterval,
                    unhealthyPoll: configuration.unhealthyPollInterval,
                    pingTimeout: configuration.pingTimeout
                ),
                pingInterval: configuration.pingInterval,
                handlers: .init(
                    wake: { queue in wakes[queue]?.signal() },
                    wakeAll: { for wake in wakes.values { wake.signal() } },
                    cancel: { id in runningJobs.stop(jobID: id, reason: .cancelRequested) },
                    leaderResigned: { leaderWake.signal() },
                    event: { event in
                        if case .listening = event { QueueMetrics.listenerHealthy(true) }
                        if case .listenerLost = event { QueueMetrics.listenerHealthy(false) }
                        observer?(event)
                    }
                ),
                logger: logger
            )
        } else {
            listener = nil
        }
    }

    /// Writes rejected because the lease was gone, since this worker started.
    public var lostLeaseCount: Int { lostLeases.load(ordering: .relaxed) }

    /// Runs until graceful shutdown (then drains) or cancellation.
    public func run() async throws {
        logger.info(
            "job worker starting",
            metadata: [
                "worker": "\(configuration.workerID)", "queues": "\(configuration.queues)", "kinds": "\(registry.kinds)"
            ])
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { background in
                background.addTask { await self.finisher.run() }
                if let listener = self.listener { background.addTask { await listener.run() } }
                background.addTask { await self.keepLeases() }
                if self.configuration.maintenance {
                    background.addTask {
                        // At start too, not only when elected: after days with every worker stopped, today's
                        // history partition must exist before the first completion.
                        await self.healPartitions()
                        await self.lead()
                    }
                    background.addTask { await self.schedulePeriodicJobs() }
                }

                await withTaskGroup(of: Void.self) { producers in
                    for (queue, concurrency) in self.configuration.queues {
                        producers.addTask { await self.produce(queue: queue, concurrency: concurrency) }
                    }
                }
                // Every job has reported: write the last completions, then stop the helpers.
                self.finisher.stop()
                background.cancelAll()
            }
        } onGracefulShutdown: {
            self.shuttingDown.withLock { $0 = true }
            for wake in self.wakes.values { wake.signal() }
        }
        if let error = stoppedItself.withLock({ $0 }) {
            logger.critical(
                "job worker stopped itself", metadata: ["worker": "\(configuration.workerID)", "error": "\(error)"])
            throw error
        }
        logger.info("job worker stopped", metadata: ["worker": "\(configuration.workerID)"])
    }

    var isShuttingDown: Bool { shuttingDown.withLock { $0 } || Task.isCancelled }

    /// A call on a pooled connection, bounded by ``Configuration/callTimeout``.
    /// Creates missing history partitions (moving rows out of the default partition); failures are logged,
    /// the leader tries again at its interval.
    func healPartitions() async {
        do {
            let (created, _) = try await withBoundedConnection { connection in
                try await QueueSQL.maintainPartitions(
                    retentionDays: self.configuration.retentionDays, on: connection, logger: self.logger)
            }
            if created > 0 {
                logger.info("job history partitions created at start", metadata: ["created": "\(created)"])
            }
        } catch {
            if !Task.isCancelled {
                logger.warning("could not maintain job history partitions at start", metadata: ["error": "\(error)"])
            }
        }
    }

    func withBoundedConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T)
        async throws -> T
    {
        try await client.withConnection(within: configuration.callTimeout, body)
    }

    /// Stops the worker because its pool no longer hands out working connections; ``run()`` then throws.
    func giveUp(_ error: FactwireQueueError) {
        stoppedItself.withLock { $0 = error }
        shuttingDown.withLock { $0 = true }
        for wake in wakes.values { wake.signal() }
    }

    func emit(_ event: WorkerEvent) { configuration.observer?(event) }
}
