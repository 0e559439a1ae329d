import ArgumentParser
import FactwireIngest

extension DocumentFile {
    /// ``collect(_:)``, with a path that does not exist reported as a usage error (exit 2), as a bad
    /// flag is.
    static func collectingUsageErrors(_ paths: [String]) throws -> [DocumentFile] {
        do {
            return try collect(paths)
        } catch {
            throw ValidationError(error.message)
        }
    }
}
