import Metrics
public import Prometheus
import Synchronization

/// The process's Prometheus registry: everything recorded through swift-metrics (the queue's claims,
/// outcomes, lost leases, dead tuples, xmin age…) and the query worker's own gauges, served at `/metrics`.
public enum FactwireMetrics {
    /// One registry per process, so one scrape shows every metric the process records.
    public static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped = Mutex(false)

    /// Routes swift-metrics into ``registry``. Call once, early, from an executable; later calls do
    /// nothing (swift-metrics allows one bootstrap per process).
    public static func bootstrap(help: [String: String] = [:]) {
        describe(help)
        let first = bootstrapped.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }

    /// A gauge of ``registry``, made with no help text. swift-prometheus stops the process when one name is
    /// registered with two help texts, and what swift-metrics records (the queue leader's depth gauges, in the
    /// same process as the query worker under `factwire up`) always comes with an empty one. So nothing is
    /// registered with a text: ``describe(_:)`` holds them, and ``exposition()`` prints them.
    public static func gauge(_ name: String, labels: [(String, String)] = []) -> Prometheus.Gauge {
        registry.makeGauge(descriptor: unexplained(name), labels: labels)
    }

    /// A counter of ``registry``, made with no help text (see ``gauge(_:labels:)``).
    public static func counter(_ name: String, labels: [(String, String)] = []) -> Prometheus.Counter {
        registry.makeCounter(descriptor: unexplained(name), labels: labels)
    }

    /// `name` whole, with no help text.
    private static func unexplained(_ name: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: "")
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

    /// Help texts by metric name. Each module names its own metrics (the queue's `QueueMetricHelp`, the
    /// ingest handler's `metricHelp`); the executable registers them at bootstrap.
    private static let helpTexts = Mutex<[String: String]>([:])

    /// Adds help texts (a later text for the same name wins).
    public static func describe(_ texts: [String: String]) {
        helpTexts.withLock { $0.merge(texts) { $1 } }
    }

    static var help: [String: String] { helpTexts.withLock { $0 } }
}
