import Metrics

/// The queue's swift-metrics instruments (Prometheus names, base units, low-cardinality labels).
/// Made once per queue: the per-job path only records.
struct QueueMetrics: Sendable {
    let queue: String
    private let claimedCounter: Counter
    private let finishedCounters: [JobStatus: Counter]
    private let lostLeaseCounter: Counter
    private let pickupTimer: Timer
    private let runTimer: Timer
    private let claimTimer: Timer

    init(queue: String) {
        self.queue = queue
        claimedCounter = Counter(label: "factwire_queue_jobs_claimed_total", dimensions: [("queue", queue)])
        finishedCounters = Dictionary(
            uniqueKeysWithValues: JobStatus.allCases.map {
                (
                    $0,
                    Counter(
                        label: "factwire_queue_jobs_finished_total",
                        dimensions: [("queue", queue), ("outcome", $0.rawValue)])
                )
            })
        lostLeaseCounter = Counter(label: "factwire_queue_lost_leases_total", dimensions: [("queue", queue)])
        pickupTimer = Timer(label: "factwire_queue_pickup_latency_seconds", dimensions: [("queue", queue)])
        runTimer = Timer(label: "factwire_queue_run_duration_seconds", dimensions: [("queue", queue)])
        claimTimer = Timer(label: "factwire_queue_claim_query_seconds", dimensions: [("queue", queue)])
    }

    func claimed(_ n: Int) { claimedCounter.increment(by: n) }
    func finished(_ status: JobStatus) { finishedCounters[status]?.increment() }
    func lostLease() { lostLeaseCounter.increment() }
    func pickupLatency(_ seconds: Double) { pickupTimer.recordNanoseconds(Int64(max(0, seconds) * 1e9)) }
    func runDuration(_ duration: Duration) { runTimer.recordNanoseconds(Int64(duration.seconds * 1e9)) }
    func claimQuery(_ duration: Duration) { claimTimer.recordNanoseconds(Int64(duration.seconds * 1e9)) }

    static func rescued(_ n: Int) { Counter(label: "factwire_queue_rescued_total").increment(by: n) }
    static func deadLettered(_ n: Int) { Counter(label: "factwire_queue_dead_lettered_total").increment(by: n) }
    /// Runtime database calls cut off by ``JobWorker/Configuration/callTimeout``.
    static func callTimedOut() { Counter(label: "factwire_queue_calls_timed_out_total").increment() }
    static func listenerHealthy(_ healthy: Bool) {
        Gauge(label: "factwire_queue_listener_healthy").record(healthy ? 1 : 0)
    }
    static func leader(_ leading: Bool) { Gauge(label: "factwire_queue_leader").record(leading ? 1 : 0) }

    /// Live jobs per queue and state, oldest wait, dead letters: recorded by the leader.
    static func record(_ stats: [QueueStats]) {
        for row in stats {
            for (state, value) in [
                ("available", row.available), ("running", row.running), ("scheduled", row.scheduled),
                ("retryable", row.retryable), ("dead", row.dead)
            ] {
                Gauge(label: "factwire_queue_jobs", dimensions: [("queue", row.queue), ("state", state)]).record(value)
            }
            Gauge(label: "factwire_queue_oldest_available_seconds", dimensions: [("queue", row.queue)]).record(
                row.oldestAvailableSeconds)
        }
    }

    /// Table and horizon health: the causes of queue decay, not just its symptoms.
    static func record(_ health: QueueHealth) {
        Gauge(label: "factwire_queue_jobs_dead_tuples").record(health.deadTuples)
        Gauge(label: "factwire_queue_oldest_xmin_age_seconds").record(health.oldestXminSeconds ?? 0)
    }
}

/// The help text of every metric the queue records, for exporters that print one (Prometheus's `# HELP`);
/// swift-metrics itself carries none.
public enum QueueMetricHelp {
    public static let texts: [String: String] = [
        "factwire_queue_jobs": "Jobs per queue and state.",
        "factwire_queue_oldest_available_seconds": "Age of the oldest job ready to run, per queue.",
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
        "factwire_queue_oldest_xmin_age_seconds": "Age of the oldest transaction holding back the xmin horizon."
    ]
}
