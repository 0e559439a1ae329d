#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

public enum FreePort {
    /// `preferred` when nothing listens on 127.0.0.1 at it, else any free port (see ``find()``).
    public static func find(preferring preferred: Int?) -> Int? {
        if let preferred, isFree(preferred) { return preferred }
        return find()
    }

    /// Whether a TCP socket can bind 127.0.0.1:`port` now (with SO_REUSEADDR, as PostgreSQL binds, so the
    /// last run's connections still in TIME_WAIT don't count).
    public static func isFree(_ port: Int) -> Bool {
        guard (1...65_535).contains(port) else { return false }
        return withBoundSocket(port: port, reuseAddress: true) { _ in true } ?? false
    }

    /// Asks the kernel for a free TCP port on 127.0.0.1 (bind to port 0, read it back, close).
    /// Another process may take it before the server binds, so callers retry on "address in use".
    public static func find() -> Int? {
        withBoundSocket(port: 0, reuseAddress: false) { fd -> Int? in
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            return named == 0 ? Int(UInt16(bigEndian: address.sin_port)) : nil
        } ?? nil
    }

    /// Runs `body` with a TCP socket bound to 127.0.0.1:`port`, then closes it; nil when it cannot bind.
    private static func withBoundSocket<T>(port: Int, reuseAddress: Bool, _ body: (Int32) -> T) -> T? {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if reuseAddress {
            var on: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return bound == 0 ? body(fd) : nil
    }
}
