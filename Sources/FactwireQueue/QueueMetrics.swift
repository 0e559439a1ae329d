import Metrics

/// The queue's swift-metrics instruments (Prometheus names, base units, low-cardinality labels).
struct QueueMetrics: Sendable {
    let queue: String

    func claimed(_ n: Int) { Counter(label: "factwire_queue_jobs_claimed_total", dimensions: [("queue", queue)]).increment(by: n) }
    func finished(_ status: JobStatus, kind: String) {
        Counter(label: "factwire_queue_jobs_finished_total", dimensions: [("queue", queue), ("outcome", status.rawValue)]).increment()
    }
    func lostLease() { Counter(label: "factwire_queue_lost_leases_total", dimensions: [("queue", queue)]).increment() }
    func pickupLatency(_ seconds: Double) {
        Timer(label: "factwire_queue_pickup_latency_seconds", dimensions: [("queue", queue)]).recordNanoseconds(Int64(max(0, seconds) * 1e9))
    }
    func runDuration(_ duration: Duration) {
        Timer(label: "factwire_queue_run_duration_seconds", dimensions: [("queue", queue)]).recordNanoseconds(Int64(duration.seconds * 1e9))
    }
    func claimQuery(_ duration: Duration) {
        Timer(label: "factwire_queue_claim_query_seconds", dimensions: [("queue", queue)]).recordNanoseconds(Int64(duration.seconds * 1e9))
    }

    static func rescued(_ n: Int) { Counter(label: "factwire_queue_rescued_total").increment(by: n) }
    static func deadLettered(_ n: Int) { Counter(label: "factwire_queue_dead_lettered_total").increment(by: n) }
    static func listenerHealthy(_ healthy: Bool) { Gauge(label: "factwire_queue_listener_healthy").record(healthy ? 1 : 0) }
    static func leader(_ leading: Bool) { Gauge(label: "factwire_queue_leader").record(leading ? 1 : 0) }
}
