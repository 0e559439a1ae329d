import Dispatch
import EmbeddedPostgres
import FactwireQueue
import FactwireStore
import Foundation
import Logging
import PostgresNIO
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// On SIGINT or SIGTERM: stop the embedded cluster this process started, then call `then` with the
/// signal (the executable exits 130 or 143 there).
final class SignalTrap {
    private let sources: [any DispatchSourceSignal]

    init(cluster: EmbeddedPostgres?, then: @escaping @Sendable (Int32) -> Void) {
        let queue = DispatchQueue(label: "factwire.signals")
        sources = [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                try? cluster?.stopBlocking()
                then(signalNumber)
            }
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
