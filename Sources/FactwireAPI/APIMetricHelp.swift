/// The help text of every metric the query worker records itself, printed as `# HELP` by
/// `FactwireMetrics.exposition()`; registered when a ``QueryWorker`` is made.
public enum APIMetricHelp {
    public static let texts: [String: String] = [
        "factwire_http_requests": "Requests this query worker has answered.",
        "factwire_event_subscribers": "Live SSE and wait subscribers.",
        "factwire_reads_total": "Read API queries by the server that answered them (replica or primary).",
        "factwire_replica_up": "1 while the read replica answers.",
        "factwire_replica_lag_seconds":
            "How far the read replica's replay is behind, in seconds of commits (-1 when unknown).",
        "factwire_replica_lag_bytes":
            "WAL bytes the primary has written that the read replica has not replayed (-1 when unknown)."
    ]
}
