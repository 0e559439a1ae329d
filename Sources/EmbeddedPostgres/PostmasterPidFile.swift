import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `postmaster.pid` in a data folder says about a running server.
///
/// PostgreSQL writes one value per line: pid, data folder, start time, port, socket folder, listen
/// address, shared-memory key, status (`starting`, `ready`, `stopping`).
struct PostmasterPidFile: Sendable, Equatable {
    var pid: pid_t
    var port: Int
    var socketDirectory: String?
    var status: String?

    init?(contents: String) {
        let lines = contents.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard lines.count >= 4, let pid = pid_t(lines[0]), let port = Int(lines[3]) else { return nil }
        self.pid = pid
        self.port = port
        self.socketDirectory = lines.count > 4 && !lines[4].isEmpty ? lines[4] : nil
        self.status = lines.count > 7 && !lines[7].isEmpty ? lines[7] : nil
    }

    static func read(dataDirectory: String) -> PostmasterPidFile? {
        guard let text = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8) else {
            return nil
        }
        return PostmasterPidFile(contents: text)
    }

    /// True when the pid belongs to a live `postgres` process (not a recycled pid of something else).
    var isAlive: Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        #if os(Linux)
            if let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) {
                return comm.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("postgres")
            }
        #endif
        return true
    }
}
