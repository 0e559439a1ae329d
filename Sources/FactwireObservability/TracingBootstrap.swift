public import Foundation
public import Logging
import OTel
public import ServiceLifecycle

/// Traces exported over OTLP/HTTP when the environment names a collector, nothing otherwise.
///
/// Off by default; on with `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), and
/// then every other `OTEL_*` variable of the OpenTelemetry specification applies (protocol
/// `http/protobuf` or `http/json`, headers, sampler, batch delays, resource attributes).
/// `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none` turn it off again. Only traces: metrics stay
/// on Prometheus (`/metrics`) and logs on standard error.
public enum TracingBootstrap {
    /// Whether `environment` asks for traces.
    public static func isConfigured(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        func set(_ name: String) -> Bool { !(environment[name] ?? "").isEmpty }
        if environment["OTEL_SDK_DISABLED"]?.lowercased() == "true" { return false }
        if environment["OTEL_TRACES_EXPORTER"]?.lowercased() == "none" { return false }
        return set("OTEL_EXPORTER_OTLP_ENDPOINT") || set("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    }

    /// Bootstraps this process's tracer and returns the exporter's service, to run beside the others (it
    /// flushes the last spans on shutdown); nil when tracing is not configured. Call once per process.
    public static func service(
        serviceName: String, environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger
    ) throws -> (any Service)? {
        guard isConfigured(environment) else { return nil }
        var configuration = OTel.Configuration.default
        configuration.serviceName = environment["OTEL_SERVICE_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? serviceName
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.diagnosticLogLevel = .warning
        let service = try OTel.bootstrap(configuration: configuration)
        logger.info(
            "exporting traces over OTLP",
            metadata: [
                "endpoint":
                    "\(environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] ?? environment["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? "")",
                "service": "\(configuration.serviceName)"
            ])
        return service
    }
}
