import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Remembers the first SIGINT or SIGTERM without acting on it: the service group shuts down gracefully,
/// and the command then exits 130 or 143 as an interrupted command does.
public final class SignalRecorder {
    private let sources: [any DispatchSourceSignal]
    private final class First: Sendable { let signal = Mutex<Int32?>(nil) }
    private let first = First()

    public init() {
        let queue = DispatchQueue(label: "factwire.signal-recorder")
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            sources.append(source)
        }
        self.sources = sources
        for (source, signalNumber) in zip(sources, [SIGINT, SIGTERM]) {
            source.setEventHandler { [first] in first.signal.withLock { if $0 == nil { $0 = signalNumber } } }
            source.resume()
        }
    }

    /// The exit status for the signal received, if any (128 + its number).
    public var exitStatus: Int32? { first.signal.withLock { $0.map { 128 + $0 } } }

    public func cancel() { for source in sources { source.cancel() } }
}
