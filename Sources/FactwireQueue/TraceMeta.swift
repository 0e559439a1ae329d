import Foundation
import Instrumentation
import ServiceContextModule

/// Carries a trace from the code that enqueues a job to the worker that runs it, in the job's `meta`
/// (`{"trace": {"traceparent": "00-…"}}`, in the format of the process's instrument: W3C Trace Context
/// with OpenTelemetry). Without a bootstrapped tracer the instrument injects nothing and `meta` is left
/// as it was.
enum TraceMeta {
    /// The current context as carrier headers; nil when there is no context or nothing to carry.
    static func currentCarrier() -> [String: String]? {
        guard let context = ServiceContext.current else { return nil }
        var carrier: [String: String] = [:]
        InstrumentationSystem.instrument.inject(context, into: &carrier, using: DictionaryInjector())
        return carrier.isEmpty ? nil : carrier
    }

    /// `meta` (a JSON object's text) with a `trace` member added first, so a `trace` the caller set wins.
    static func adding(_ carrier: [String: String], to meta: String) -> String {
        guard let data = try? JSONEncoder().encode(["trace": carrier]) else { return meta }
        let trace = String(decoding: data.dropLast(), as: UTF8.self)  // `{"trace":{…}}` without its last brace
        let body = meta.drop { $0 == " " || $0 == "\n" || $0 == "\t" }
        guard body.first == "{" else { return meta }
        let rest = body.dropFirst().drop { $0 == " " || $0 == "\n" || $0 == "\t" }
        return rest.first == "}" ? trace + "}" : trace + "," + rest
    }

    /// The context a job's `meta` carries, extracted by the process's instrument; nil when it carries none.
    static func context(fromMeta meta: String) -> ServiceContext? {
        guard meta.contains("\"trace\""),
            let decoded = try? JSONDecoder().decode(Carried.self, from: Data(meta.utf8)), let trace = decoded.trace,
            !trace.isEmpty
        else { return nil }
        var context = ServiceContext.topLevel
        InstrumentationSystem.instrument.extract(trace, into: &context, using: DictionaryExtractor())
        return context
    }

    private struct Carried: Decodable {
        var trace: [String: String]?
    }

    struct DictionaryInjector: Injector {
        func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
            carrier[key] = value
        }
    }

    struct DictionaryExtractor: Extractor {
        func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
    }
}
