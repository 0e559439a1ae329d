#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Raises this process's open-file limit from the soft default (often 1,024) to the hard limit, as Go's
/// runtime and nginx do: every HTTPS client and every pooled PostgreSQL connection is a descriptor, and
/// a query worker with a thousand clients would otherwise refuse connections with EMFILE.
public enum OpenFileLimit {
    /// Returns the limit now in force.
    @discardableResult
    public static func raise() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)
    }
}
