/// An error from the migrator, with a message that says what to do.
public struct MigrationError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case badFileName, checksumMismatch, statementFailed, schemaBehind, noDownScript, unknownVersion
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A file in `migrations/` is not named `NNNN_name.up.sql` / `.down.sql`.
        public static let badFileName = Code(.badFileName)
        /// An applied migration's file changed since it was applied.
        public static let checksumMismatch = Code(.checksumMismatch)
        /// A statement of a migration failed; the migration was rolled back.
        public static let statementFailed = Code(.statementFailed)
        /// The database lacks migrations this binary needs, and migrating was switched off.
        public static let schemaBehind = Code(.schemaBehind)
        /// `--down` reached a migration without a down script.
        public static let noDownScript = Code(.noDownScript)
        /// The database records a version this binary does not know (it was migrated by a newer binary).
        public static let unknownVersion = Code(.unknownVersion)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A sentence a user can act on.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
