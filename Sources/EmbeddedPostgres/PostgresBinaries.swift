public import Foundation

/// The folder that holds `initdb`, `pg_ctl` and `postgres`.
public struct PostgresBinaries: Sendable, Equatable {
    /// The folder with the server programs.
    public var directory: String
    /// `initdb`'s path.
    public var initdb: String { directory + "/initdb" }
    /// `pg_ctl`'s path.
    public var pgCtl: String { directory + "/pg_ctl" }
    /// `postgres`'s path.
    public var postgres: String { directory + "/postgres" }
    /// `pg_basebackup`'s path (for standbys): beside `pg_ctl`, or beside the file a `pg_ctl` symlink points to
    /// (a `PATH` folder may link only the three server programs).
    public var pgBasebackup: String {
        let beside = directory + "/pg_basebackup"
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        let real = URL(fileURLWithPath: pgCtl).resolvingSymlinksInPath().deletingLastPathComponent()
        return real.appendingPathComponent("pg_basebackup").path
    }

    static let required = ["initdb", "pg_ctl", "postgres"]

    /// Looks for the server programs.
    ///
    /// With `explicitDirectory` only that folder is tried (a wrong one gives the same clear error as a
    /// machine without PostgreSQL). Otherwise: each folder of `PATH`, then `pg_config --bindir`, then the
    /// newest `/usr/lib/postgresql/*/bin` (Debian and Ubuntu install the server there, off `PATH`).
    /// - Throws: ``EmbeddedPostgresError/Code/binariesNotFound`` naming the package to install.
    public static func locate(
        explicitDirectory: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> PostgresBinaries {
        var candidates: [String] = []
        if let explicitDirectory {
            candidates = [explicitDirectory]
        } else {
            candidates += (environment["PATH"] ?? "").split(separator: ":").map(String.init)
            for path in (environment["PATH"] ?? "").split(separator: ":") {
                let pgConfig = "\(path)/pg_config"
                if FileManager.default.isExecutableFile(atPath: pgConfig),
                    let result = try? ProcessRunner.run([pgConfig, "--bindir"]), result.exitCode == 0
                {
                    candidates.append(result.output.trimmingCharacters(in: .whitespacesAndNewlines))
                }
            }
            candidates += debianVersionDirectories()
        }
        for directory in candidates where isComplete(directory) {
            return PostgresBinaries(directory: directory)
        }
        let looked = explicitDirectory.map { "in \($0)" } ?? "on PATH, via pg_config or under /usr/lib/postgresql/*/bin"
        throw EmbeddedPostgresError(
            .binariesNotFound,
            message: """
                PostgreSQL server programs (initdb, pg_ctl, postgres) not found \(looked). \
                Install the server (Debian/Ubuntu: apt-get install postgresql) or set DATABASE_URL to use an existing database.
                """
        )
    }

    /// Debian-style version folders, newest major version first.
    static func debianVersionDirectories(root: String = "/usr/lib/postgresql") -> [String] {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return
            versions
            .compactMap { name -> (Double, String)? in Double(name).map { ($0, name) } }
            .sorted { $0.0 > $1.0 }
            .map { "\(root)/\($0.1)/bin" }
    }

    static func isComplete(_ directory: String) -> Bool {
        required.allSatisfy { FileManager.default.isExecutableFile(atPath: "\(directory)/\($0)") }
    }
}
