import Foundation
import Logging
public import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

/// systemd's readiness protocol (`Type=notify`), without libsystemd: one datagram per state change to
/// the AF_UNIX socket named by `$NOTIFY_SOCKET` (a leading `@` means the abstract namespace). Does
/// nothing when the variable is unset, as under Docker and Kubernetes.
public enum SystemdNotifier {
    public static var isEnabled: Bool {
        ProcessInfo.processInfo.environment["NOTIFY_SOCKET"].map { !$0.isEmpty } ?? false
    }

    /// Sends `state` ("READY=1", "STOPPING=1", "WATCHDOG=1", "STATUS=…"); false when it could not.
    @discardableResult
    public static func notify(_ state: String) -> Bool {
        guard let path = ProcessInfo.processInfo.environment["NOTIFY_SOCKET"], !path.isEmpty else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (bytes.first == 0 ? 0 : 1))
        let sent = state.utf8CString.withUnsafeBufferPointer { payload in
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, payload.baseAddress, payload.count - 1, Int32(MSG_NOSIGNAL), $0, length)
                }
            }
        }
        return sent >= 0
    }

    /// The watchdog interval systemd asked for (`WatchdogSec=`), if it applies to this process.
    static var watchdogInterval: Duration? {
        let environment = ProcessInfo.processInfo.environment
        guard let usec = environment["WATCHDOG_USEC"].flatMap(Int64.init), usec > 0 else { return nil }
        if let pid = environment["WATCHDOG_PID"].flatMap(Int32.init), pid != getpid() { return nil }
        return .microseconds(usec)
    }
}

/// Tells systemd the process is ready when it starts (put it last in the service group, after the
/// services that must be up), pings the watchdog at half its interval, and reports STOPPING=1 as soon
/// as graceful shutdown begins, so `systemctl stop` shows the drain.
public struct SystemdService: Service {
    /// Send READY=1 when this service starts. The query worker sends it itself once its port is bound.
    var readyOnStart = true

    public init(readyOnStart: Bool = true) { self.readyOnStart = readyOnStart }

    public func run() async throws {
        guard SystemdNotifier.isEnabled else {
            try? await gracefulShutdown()
            return
        }
        if readyOnStart { SystemdNotifier.notify("READY=1") }
        await withGracefulShutdownHandler {
            guard let interval = SystemdNotifier.watchdogInterval else {
                try? await gracefulShutdown()
                return
            }
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                SystemdNotifier.notify("WATCHDOG=1")
                try? await Task.sleep(for: interval / 2)
            }
        } onGracefulShutdown: {
            SystemdNotifier.notify("STOPPING=1")
        }
    }
}
