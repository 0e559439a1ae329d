#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Makes this process the reaper of the postmaster it starts.
///
/// `pg_ctl start` forks the postmaster and exits, so the postmaster is re-parented, normally to PID 1.
/// In containers whose PID 1 does not reap, every stopped server would stay behind as a
/// `[postgres] <defunct>` zombie. As a child subreaper (Linux `PR_SET_CHILD_SUBREAPER`) we adopt it
/// instead, and reap it ourselves once it has stopped.
enum Subreaper {
    static func enable() {
        #if os(Linux)
            // prctl is variadic, which Swift cannot call directly; with integer arguments the fixed
            // signature below is ABI-compatible on Linux.
            typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
            guard let symbol = dlsym(nil, "prctl") else { return }
            let prctl = unsafeBitCast(symbol, to: Prctl.self)
            let setChildSubreaper: Int32 = 36  // PR_SET_CHILD_SUBREAPER
            _ = prctl(setChildSubreaper, 1, 0, 0, 0)
        #endif
    }

    /// Reaps `pid` if it is our (adopted) child and has exited; waits up to about a second for it.
    static func reap(_ pid: pid_t) {
        var status: Int32 = 0
        for _ in 0..<100 {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result == -1 && errno == ECHILD) { return }
            usleep(10_000)
        }
    }
}
