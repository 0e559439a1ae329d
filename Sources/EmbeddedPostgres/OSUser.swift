#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The operating-system account that owns and runs the cluster.
///
/// PostgreSQL refuses to run as root, so when we are root the cluster belongs to an unprivileged
/// account (normally `postgres`, which Debian's package creates) and every server program is started
/// through `runuser`. As an ordinary user, the cluster is simply ours.
struct OSUser: Sendable, Equatable {
    var name: String
    var uid: uid_t
    var gid: gid_t
    /// True when we must switch to this user to run server programs.
    var needsSwitch: Bool

    static func resolve(preferred: String) throws -> OSUser {
        if geteuid() != 0 {
            let me = getpwuid(geteuid())
            let name = me.map { String(cString: $0.pointee.pw_name) } ?? "uid\(geteuid())"
            return OSUser(name: name, uid: geteuid(), gid: getegid(), needsSwitch: false)
        }
        guard let entry = getpwnam(preferred) else {
            throw EmbeddedPostgresError(
                .osUserMissing,
                message: """
                    Running as root: PostgreSQL must run as an unprivileged user, and the OS user '\(preferred)' does not exist. \
                    Install PostgreSQL's server package (it creates 'postgres'), create the user, or run as an ordinary user.
                    """
            )
        }
        return OSUser(name: preferred, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid, needsSwitch: true)
    }

    /// The command line that runs `arguments` as this user.
    func command(_ arguments: [String]) -> [String] {
        guard needsSwitch else { return arguments }
        return [Self.runuser, "-u", name, "--"] + arguments
    }

    /// Gives `path` to this user (no-op when we are this user).
    func own(_ path: String) {
        guard needsSwitch else { return }
        _ = chown(path, uid, gid)
    }

    static var runuser: String {
        for candidate in ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"] where access(candidate, X_OK) == 0 {
            return candidate
        }
        return "/usr/sbin/runuser"
    }
}
