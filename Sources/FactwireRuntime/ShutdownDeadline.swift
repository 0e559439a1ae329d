import FactwireCore
import Foundation
public import Logging
public import ServiceLifecycle

/// The last resort of graceful shutdown: once it has begun, the process exits after `budget` whatever
/// is still running. ServiceLifecycle cancels services after its own budget, but a task that ignores
/// cancellation (a request stuck on a connection that died in a database crash, seen in the restart
/// drills) would keep the process alive until a supervisor's SIGKILL; this exits a little sooner, and
/// says why. Its timer runs on a thread of its own, so a starved task pool cannot stall it.
///
/// It exits from that thread: a version that returned to `main` instead (racing the group against the
/// deadline) stalled whole test runs now and then, and this one has held through every drill.
public struct ShutdownDeadline: Service {
    let budget: Duration
    let logger: Logger

    public init(budget: Duration, logger: Logger) {
        self.budget = budget
        self.logger = logger
    }

    public func run() async {
        let budget = self.budget
        let logger = self.logger
        await withGracefulShutdownHandler {
            try? await gracefulShutdown()
        } onGracefulShutdown: {
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: budget.seconds)
                logger.error("graceful shutdown did not finish within \(budget); exiting with work still running")
                exit(0)
            }
        }
    }
}
