import Crypto
import Foundation

/// One versioned schema change: `migrations/NNNN_name.up.sql` and, optionally, `.down.sql`.
///
/// Files follow golang-migrate's naming so standard tools read the folder. The checksum is the
/// SHA-256 of the up script's bytes; an applied migration whose file later changes is refused.
public struct Migration: Sendable, Equatable {
    /// The number before the first underscore.
    public var version: Int64
    /// The words between the version and `.up.sql`.
    public var name: String
    /// The up script.
    public var up: String
    /// The down script, if there is one.
    public var down: String?

    /// Creates a migration.
    public init(version: Int64, name: String, up: String, down: String? = nil) {
        self.version = version
        self.name = name
        self.up = up
        self.down = down
    }

    /// Lowercase hex SHA-256 of the up script.
    public var checksum: String {
        SHA256.hash(data: Data(up.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// `0001_documents`, as in the file name.
    public var identifier: String { String(format: "%04lld", version) + "_" + name }

    /// The migrations embedded in this binary, in version order.
    public static let embedded: [Migration] = (try? assemble(files: EmbeddedMigrationFiles.files)) ?? []

    /// Groups `NNNN_name.up.sql` / `NNNN_name.down.sql` files into migrations sorted by version.
    /// - Throws: ``MigrationError`` for a badly named file, a duplicate version, or a down without an up.
    public static func assemble(files: [(name: String, contents: String)]) throws -> [Migration] {
        var ups: [Int64: (String, String)] = [:]
        var downs: [Int64: String] = [:]
        for file in files {
            let parts = file.name.split(separator: "_", maxSplits: 1)
            let direction: String
            if file.name.hasSuffix(".up.sql") {
                direction = "up"
            } else if file.name.hasSuffix(".down.sql") {
                direction = "down"
            } else {
                throw MigrationError(
                    .badFileName,
                    message: "\(file.name): migration files are named NNNN_name.up.sql or NNNN_name.down.sql")
            }
            guard parts.count == 2, let version = Int64(parts[0]), version > 0 else {
                throw MigrationError(
                    .badFileName,
                    message: "\(file.name): migration files start with a positive version number and an underscore")
            }
            let name = String(parts[1].dropLast(direction == "up" ? 7 : 9))
            if direction == "up" {
                if ups[version] != nil {
                    throw MigrationError(.badFileName, message: "two up migrations have version \(version)")
                }
                ups[version] = (name, file.contents)
            } else {
                downs[version] = file.contents
            }
        }
        if let orphan = downs.keys.first(where: { ups[$0] == nil }) {
            throw MigrationError(.badFileName, message: "down migration \(orphan) has no up migration")
        }
        return ups.keys.sorted().map { version in
            Migration(version: version, name: ups[version]!.0, up: ups[version]!.1, down: downs[version])
        }
    }
}
