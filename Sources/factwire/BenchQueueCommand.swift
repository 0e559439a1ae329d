import ArgumentParser
import FactwireQueue
import FactwireStore
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// `factwire bench queue`: burn-down throughput, or pickup latency with `--latency`.
///
/// Full lifecycle on every job: fenced claim, fenced completion that moves the row to the
/// partitioned history, and (unless `--no-events`) a `factwire_events` notification.
struct BenchQueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Burn down N no-op jobs (enqueue and process rates), or measure pickup latency with --latency."
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Jobs to burn down.") var jobs = 100_000
    @Option(help: "Worker runtimes (each with its own connection pool), in this process.") var workers = 2
    @Option(help: "Concurrent jobs per worker.") var concurrency = 512
    @Option(help: "Jobs per enqueue statement.") var batch = 10_000
    @Flag(help: "Measure enqueue-commit → handler-start latency instead.") var latency = false
    @Option(help: "Latency: jobs to enqueue one at a time.") var count = 300
    @Option(help: "Latency: jobs per second.") var rate = 20.0
    @Flag(help: "Do not send factwire_events notifications on completion.") var noEvents = false

    func validate() throws {
        guard jobs > 0, workers > 0, concurrency > 0, batch > 0, count > 0, rate > 0 else {
            throw ValidationError("--jobs, --workers, --concurrency, --batch, --count and --rate must be positive")
        }
    }

    func run() async throws {
        var quiet = global.makeLogger()
        quiet.logLevel = max(quiet.logLevel, .warning)
        let logger = quiet
        let options = self
        try await DatabaseSession.with(global, logger: logger, maximumConnections: 8) { session in
            try await Migrator.prepareForService(session: session, logger: logger, migrate: true)
            let result =
                options.latency
                ? try await options.measureLatency(session: session, logger: logger)
                : try await options.measureThroughput(session: session, logger: logger)
            let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }

    private func workerConfiguration(queue: String, observer: @escaping @Sendable (WorkerEvent) -> Void)
        -> JobWorker.Configuration
    {
        var configuration = JobWorker.Configuration(queues: [queue: concurrency])
        configuration.events = !noEvents
        configuration.observer = observer
        configuration.drainTimeout = .seconds(5)
        return configuration
    }

    /// Runs `workers` worker runtimes until `done` resolves, each on its own pool.
    private func withWorkers<T: Sendable>(
        session: DatabaseSession, queue: String, logger: Logger,
        observer: @escaping @Sendable (WorkerEvent) -> Void,
        _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        var registry = JobRegistry()
        DiagnosticHandlers.register(in: &registry)
        let pools = try (0..<workers).map { _ in
            PostgresClient(
                configuration: try session.configuration.clientConfiguration(maximumConnections: 6),
                backgroundLogger: logger)
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
            throw QueueCommandError(message: "benchmark ended without a result")
        }
    }

    private func measureThroughput(session: DatabaseSession, logger: Logger) async throws -> [String: Any] {
        let queue = "bench-\(UInt32.random(in: 0...UInt32.max))"
        let jobQueue = JobQueue(client: session.client, logger: logger)
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
            session: session, queue: queue, logger: logger,
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
        return [
            "benchmark": "queue-throughput", "jobs": jobs, "workers": workers, "concurrency": concurrency,
            "batch": batch,
            "events": !noEvents, "enqueue_seconds": round3(enqueueSeconds),
            "enqueue_jobs_per_s": Int(Double(jobs) / enqueueSeconds),
            "process_seconds": round3(processSeconds), "process_jobs_per_s": Int(Double(jobs) / processSeconds),
            "completed_in_history": completed
        ]
    }

    private func measureLatency(session: DatabaseSession, logger: Logger) async throws -> [String: Any] {
        let queue = "bench-latency-\(UInt32.random(in: 0...UInt32.max))"
        let jobQueue = JobQueue(client: session.client, logger: logger)
        let committed = Mutex<[Int64: ContinuousClock.Instant]>([:])
        let started = Mutex<[Int64: ContinuousClock.Instant]>([:])
        let listening = AsyncStream<Void>.makeStream()
        let allStarted = AsyncStream<Void>.makeStream()
        let count = self.count
        let interval = Duration.seconds(1 / rate)
        let samples = try await withWorkers(
            session: session, queue: queue, logger: logger,
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
                if waiting == self.workers { break }
            }
            for _ in 0..<count {
                let ids = try await session.client.withTransaction(logger: logger) { connection in
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
        return [
            "benchmark": "queue-latency", "count": samples.count, "rate_per_s": rate, "workers": workers,
            "p50_ms": round3(percentile(0.50)), "p90_ms": round3(percentile(0.90)), "p99_ms": round3(percentile(0.99)),
            "max_ms": round3(samples.last ?? 0), "min_ms": round3(samples.first ?? 0)
        ]
    }
}

private func round3(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
