import Metrics
import Prometheus
import Synchronization

/// The process's Prometheus registry: everything recorded through swift-metrics (the queue's claims,
/// outcomes, lost leases, dead tuples, xmin age…) and the query worker's own gauges, served at `/metrics`.
public enum FactwireMetrics {
    /// One registry per process, so one scrape shows every metric the process records.
    static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped = Mutex(false)

    /// Routes swift-metrics into ``registry``. Call once, early, from an executable; later calls do
    /// nothing (swift-metrics allows one bootstrap per process).
    public static func bootstrap() {
        let first = bootstrapped.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }

    /// The text exposition format of everything recorded so far, with a `# HELP` line for every metric:
    /// swift-metrics has no help text, and Prometheus's linter (`promtool check metrics`) wants one.
    public static func exposition() -> [UInt8] {
        var lines = String(decoding: registry.emitToBuffer(), as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("# TYPE "), let name = line.split(separator: " ").dropFirst(2).first,
                index == 0 || !lines[index - 1].hasPrefix("# HELP \(name) ")
            {
                lines.insert(
                    "# HELP \(name) \(help[String(name)] ?? "Factwire: \(name.replacingOccurrences(of: "_", with: " ")).")",
                    at: index)
                index += 1
            }
            index += 1
        }
        return Array(lines.joined(separator: "\n").utf8)
    }

    /// Help texts of the metrics recorded through swift-metrics.
    static let help: [String: String] = [
        "factwire_queue_jobs_claimed_total": "Jobs claimed by this process, per queue.",
        "factwire_queue_jobs_finished_total": "Jobs this process finished, per queue and outcome.",
        "factwire_queue_lost_leases_total":
            "Job results discarded because the attempt's lease was lost (rescued, cancelled, partitioned).",
        "factwire_queue_pickup_latency_seconds": "Time from a job's run_at to its claim.",
        "factwire_queue_run_duration_seconds": "Time a job's handler ran.",
        "factwire_queue_claim_query_seconds": "Time of one claim query.",
        "factwire_queue_rescued_total": "Jobs the leader put back after their lease or deadline passed.",
        "factwire_queue_dead_lettered_total": "Jobs moved to dead_jobs.",
        "factwire_queue_calls_timed_out_total":
            "Database calls of the worker runtime cut off after --call-timeout-seconds (connections that died unnoticed).",
        "factwire_queue_listener_healthy": "1 while this process's LISTEN connection is healthy.",
        "factwire_queue_leader": "1 while this process leads queue maintenance.",
        "factwire_queue_jobs_dead_tuples": "Dead row versions in the jobs table (vacuum behind or blocked).",
        "factwire_queue_oldest_xmin_age_seconds": "Age of the oldest transaction holding back the xmin horizon.",
        "factwire_ingest_articles_total": "Articles stored by this ingest worker.",
        "factwire_ingest_facts_total": "Facts stored by this ingest worker."
    ]
}
