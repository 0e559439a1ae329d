import ArgumentParser
import FactwireQueue
import Foundation

/// Flags shared by every worker process (`queue work`, `ingest-worker`). Each falls back to an
/// environment variable where one is named.
struct WorkerOptions: ParsableArguments {
    @Option(
        name: .customLong("queue"),
        help: ArgumentHelp(
            "A queue to work, as NAME or NAME=CONCURRENCY (repeatable; default 'default=16').", valueName: "queue"))
    var queues: [String] = []

    @Option(help: "Lease length in seconds: a crashed worker's jobs run again after about this long.")
    var leaseSeconds: Double = 30

    @Option(help: "Hard limit of one attempt, in seconds.")
    var deadlineSeconds: Double = 900

    @Option(help: "How often the leader looks for expired leases, in seconds.")
    var rescueSeconds: Double = 10

    @Option(help: "How often the leader promotes due scheduled and retryable jobs, in seconds.")
    var stageSeconds: Double = 1

    @Option(help: "Backstop poll interval while LISTEN is healthy, in seconds.")
    var pollSeconds: Double = 10

    @Option(
        help:
            "Cut off any database call of the runtime (claim, completion, heartbeat) that has not answered after this many seconds; a stuck pool then stops the worker so its supervisor restarts it."
    )
    var callTimeoutSeconds: Double = 30

    @Option(help: "On SIGTERM, let running jobs finish for this many seconds.")
    var drainSeconds: Double = 25

    @Flag(help: "Do not LISTEN for wake-ups; poll only (implied by --pgbouncer without --database-listen-url).")
    var noListen = false

    @Flag(help: "Do not take part in maintenance (leader election, rescuer, stager).")
    var noMaintenance = false

    @Flag(help: "Do not migrate at start; refuse to run if the schema is behind.")
    var noMigrate = false

    @Option(
        help: ArgumentHelp(
            "Append one JSON line per worker event (claimed, started, finished, …) to this file.", valueName: "path"))
    var eventsFile: String?

    func validate() throws {
        do {
            _ = try QueueSpecification.queues(queues, fallback: [:])
        } catch {
            throw ValidationError("--queue: \(error)")
        }
        for (name, value) in [
            ("--lease-seconds", leaseSeconds), ("--deadline-seconds", deadlineSeconds),
            ("--rescue-seconds", rescueSeconds),
            ("--stage-seconds", stageSeconds), ("--poll-seconds", pollSeconds),
            ("--call-timeout-seconds", callTimeoutSeconds)
        ] where !(value > 0) {
            throw ValidationError("\(name) must be greater than 0")
        }
        if drainSeconds < 0 { throw ValidationError("--drain-seconds cannot be negative") }
    }

    /// The `--queue` values (validated), or the default queue.
    var parsedQueues: [String: Int] {
        (try? QueueSpecification.queues(queues, fallback: ["default": QueueSpecification.defaultConcurrency])) ?? [:]
    }

    /// Connections: one per queue's claims, the listener, the finisher, maintenance and a few spare.
    var poolSize: Int { parsedQueues.count + 6 }

    /// The worker configuration; `defaultQueues` when no `--queue` was given.
    func configuration(defaultQueues: [String: Int]? = nil) throws -> JobWorker.Configuration {
        var configuration = JobWorker.Configuration(
            queues: queues.isEmpty ? defaultQueues ?? parsedQueues : parsedQueues)
        configuration.leaseDuration = .seconds(leaseSeconds)
        configuration.deadline = .seconds(deadlineSeconds)
        configuration.rescueInterval = .seconds(rescueSeconds)
        configuration.stageInterval = .seconds(stageSeconds)
        configuration.healthyPollInterval = .seconds(pollSeconds)
        configuration.drainTimeout = .seconds(drainSeconds)
        configuration.callTimeout = .seconds(callTimeoutSeconds)
        configuration.listen = !noListen
        configuration.maintenance = !noMaintenance
        configuration.leaderTTL = .seconds(max(3, min(15, rescueSeconds * 3)))
        if let eventsFile {
            let log = try WorkerEventLog(path: eventsFile)
            configuration.observer = { log.append($0) }
        }
        return configuration
    }
}
