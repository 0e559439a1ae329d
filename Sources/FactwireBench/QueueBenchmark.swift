import FactwireCore
import FactwireQueue
public import FactwireStore
import Foundation
public import Logging
public import PostgresNIO
import Synchronization

/// The queue alone, with no-op jobs: burn-down throughput (enqueue and process rates), or pickup latency
/// (enqueue commit → handler start). Every job goes through the full lifecycle: fenced claim, fenced
/// completion that moves the row to the partitioned history (or, with `keepCompletedJobs` off, deletes it,
/// as pgmq's consumers do), and (unless events are off) a `factwire_events` notification.
public struct QueueBenchmark: Sendable {
    public struct Configuration: Sendable {
        /// Throughput: jobs to burn down, and jobs per enqueue statement.
        public var jobs = 100_000
        public var batch = 10_000
        /// Worker runtimes, each with its own connection pool, in this process.
        public var workers = 2
        /// Concurrent jobs per worker.
        public var concurrency = 512
        /// Latency: jobs enqueued one at a time, and how many per second.
        public var count = 300
        public var rate = 20.0
        /// Whether completions send `factwire_events` notifications.
        public var events = true
        /// Whether completed jobs go to history (``JobWorker/Configuration/keepCompletedJobs``).
        public var keepCompletedJobs = true
        public init() {}
    }

    public struct ThroughputReport: Encodable, Sendable {
        public var benchmark = "queue-throughput"
        public var jobs: Int
        public var workers: Int
        public var concurrency: Int
        public var batch: Int
        public var events: Bool
        public var keepCompletedJobs: Bool
        public var enqueueSeconds: Double
        public var enqueueJobsPerSecond: Int
        public var processSeconds: Double
        public var processJobsPerSecond: Int
        public var completedInHistory: Int

        enum CodingKeys: String, CodingKey {
            case benchmark, jobs, workers, concurrency, batch, events
            case keepCompletedJobs = "keep_completed_jobs"
            case enqueueSeconds = "enqueue_seconds"
            case enqueueJobsPerSecond = "enqueue_jobs_per_s"
            case processSeconds = "process_seconds"
            case processJobsPerSecond = "process_jobs_per_s"
            case completedInHistory = "completed_in_history"
        }
    }

    /// Milliseconds from enqueue commit to handler start.
    public struct LatencyReport: Encodable, Sendable {
        public var benchmark = "queue-latency"
        public var count: Int
        public var ratePerSecond: Double
        public var workers: Int
        public var p50: Double
        public var p90: Double
        public var p99: Double
        public var max: Double
        public var min: Double

        enum CodingKeys: String, CodingKey {
            case benchmark, count, workers
            case ratePerSecond = "rate_per_s"
            case p50 = "p50_ms"
            case p90 = "p90_ms"
            case p99 = "p99_ms"
            case max = "max_ms"
            case min = "min_ms"
        }
    }

    let configuration: Configuration
    let client: PostgresClient
    /// Where worker runtimes open their own pools.
    let database: DatabaseConfiguration
    let logger: Logger

    public init(configuration: Configuration, client: PostgresClient, database: DatabaseConfiguration, logger: Logger) {
        self.configuration = configuration
        self.client = client
        self.database = database
        self.logger = logger
    }

    func workerConfiguration(queue: String, observer: @escaping @Sendable (WorkerEvent) -> Void)
        -> JobWorker.Configuration
    {
        var configuration = JobWorker.Configuration(queues: [queue: self.configuration.concurrency])
        configuration.events = self.configuration.events
        configuration.keepCompletedJobs = self.configuration.keepCompletedJobs
        configuration.observer = observer
        configuration.drainTimeout = .seconds(5)
        return configuration
    }

    /// Runs `workers` worker runtimes until `done` resolves, each on its own pool.
    private func withWorkers<T: Sendable>(
        queue: String,
        observer: @escaping @Sendable (WorkerEvent) -> Void,
        _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        var registry = JobRegistry()
        DiagnosticHandlers.register(in: &registry)
        let pools = try (0..<configuration.workers).map { _ in
            PostgresClient(
                configuration: try database.clientConfiguration(maximumConnections: 6), backgroundLogger: logger)
        }
        let runtimes = pools.map {
            JobWorker(
                client: $0, registry: registry, configuration: workerConfiguration(queue: queue, observer: observer),
                logger: logger)
        }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            for pool in pools {
                group.addTask {
                    await pool.run()
                    return nil
                }
            }
            for runtime in runtimes {
                group.addTask {
                    try await runtime.run()
                    return nil
                }
            }
            group.addTask { try await body() }
            defer { group.cancelAll() }
            while let value = try await group.next() {
                if let value { return value }
            }
            throw BenchmarkFailure(description: "the queue benchmark ended without a result")
        }
    }

    /// Enqueues `jobs` no-op jobs in batches, then burns them down with `workers` runtimes.
    public func throughput() async throws -> ThroughputReport {
        let (jobs, batch) = (configuration.jobs, configuration.batch)
        let queue = "bench-\(UInt32.random(in: 0...UInt32.max))"
        let jobQueue = JobQueue(client: client, logger: logger)
        let template = NewJob(queue: queue, kind: "factwire.noop")
        let enqueueStart = ContinuousClock.now
        var remaining = jobs
        while remaining > 0 {
            let n = min(batch, remaining)
            try await jobQueue.enqueue(Array(repeating: template, count: n))
            remaining -= n
        }
        let enqueueSeconds = (ContinuousClock.now - enqueueStart).seconds

        let finished = Atomic<Int>(0)
        let total = jobs
        let done = AsyncStream<Void>.makeStream()
        let processStart = ContinuousClock.now
        try await withWorkers(
            queue: queue,
            observer: { event in
                if case .finished = event, finished.add(1, ordering: .relaxed).newValue == total {
                    done.continuation.yield()
                }
            }
        ) {
            for await _ in done.stream { break }
        }
        let processSeconds = (ContinuousClock.now - processStart).seconds
        let completed = try await jobQueue.historyCount(queue: queue)
        try await jobQueue.deleteHistory(queue: queue)
        return ThroughputReport(
            jobs: jobs, workers: configuration.workers, concurrency: configuration.concurrency, batch: batch,
            events: configuration.events, keepCompletedJobs: configuration.keepCompletedJobs,
            enqueueSeconds: round3(enqueueSeconds),
            enqueueJobsPerSecond: Int(Double(jobs) / enqueueSeconds), processSeconds: round3(processSeconds),
            processJobsPerSecond: Int(Double(jobs) / processSeconds), completedInHistory: completed)
    }

    /// Enqueues `count` jobs one at a time at `rate` per second and measures commit → handler start.
    public func latency() async throws -> LatencyReport {
        let queue = "bench-latency-\(UInt32.random(in: 0...UInt32.max))"
        let jobQueue = JobQueue(client: client, logger: logger)
        let committed = Mutex<[Int64: ContinuousClock.Instant]>([:])
        let started = Mutex<[Int64: ContinuousClock.Instant]>([:])
        let listening = AsyncStream<Void>.makeStream()
        let allStarted = AsyncStream<Void>.makeStream()
        let count = configuration.count
        let workers = configuration.workers
        let interval = Duration.seconds(1 / configuration.rate)
        let samples = try await withWorkers(
            queue: queue,
            observer: { event in
                switch event {
                case .listening: listening.continuation.yield()
                case .started(let id, _, _):
                    let n = started.withLock {
                        $0[id] = .now
                        return $0.count
                    }
                    if n == count { allStarted.continuation.yield() }
                default: break
                }
            }
        ) { () -> [Double] in
            var waiting = 0
            for await _ in listening.stream {
                waiting += 1
                if waiting == workers { break }
            }
            for _ in 0..<count {
                let ids = try await client.withTransaction(logger: logger) { connection in
                    try await jobQueue.enqueue([NewJob(queue: queue, kind: "factwire.noop")], on: connection)
                }
                let now = ContinuousClock.now
                committed.withLock { $0[ids[0].id] = now }
                try await Task.sleep(for: interval)
            }
            for await _ in allStarted.stream { break }
            let commits = committed.withLock { $0 }
            let starts = started.withLock { $0 }
            return commits.compactMap { id, commit in starts[id].map { ($0 - commit).seconds * 1000 } }.sorted()
        }
        func percentile(_ p: Double) -> Double {
            samples[min(samples.count - 1, Int((Double(samples.count) * p).rounded(.up)) - 1)]
        }
        return LatencyReport(
            count: samples.count, ratePerSecond: configuration.rate, workers: workers,
            p50: round3(percentile(0.50)), p90: round3(percentile(0.90)), p99: round3(percentile(0.99)),
            max: round3(samples.last ?? 0), min: round3(samples.first ?? 0))
    }
}

private func round3(_ value: Double) -> Double { Rounding.places(value, 3) }
