import Logging

/// Logs to standard error. `LoggingSystem.bootstrap` may run once per process; the handler passes every
/// level, and each logger sets its own (`--log-level`).
public enum LoggingBootstrap {
    private static let done: Void = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .trace
            return handler
        }
    }()

    public static func once() {
        _ = done
    }
}
