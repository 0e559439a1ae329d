import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Files that hold secrets (private keys, passwords), created readable by their owner only from the first
/// byte: written to a new temporary file opened with mode 0600, then renamed over the target. Writing
/// first and `chmod`-ing after leaves a moment where the file has the umask's mode (often 0644).
public enum SecretFile {
    /// Writes `contents` to `path` with mode 0600, replacing any file there.
    public static func write(_ contents: [UInt8], to path: String) throws {
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SecretFileError(path: path, reason: String(cString: strerror(errno))) }
        var written = 0
        while written < contents.count {
            let n = contents[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(descriptor)
                unlink(temporary)
                throw SecretFileError(path: path, reason: reason)
            }
            written += n
        }
        fsync(descriptor)
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw SecretFileError(path: path, reason: reason)
        }
    }

    /// Whether the file at `path` can be read by users other than its owner (group or others bits set).
    public static func isExposed(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return info.st_mode & 0o077 != 0
    }
}

/// A secret file could not be written.
public struct SecretFileError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "cannot write \(path): \(reason)" }
}
