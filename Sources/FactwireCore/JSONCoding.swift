public import Foundation

/// The project's one JSON configuration for what it writes itself (CLI output, benchmark reports,
/// error bodies, job results): keys sorted, so output is stable to diff and test, and slashes left
/// unescaped, so URLs read as written.
public enum JSONCoding {
    /// A new encoder with the project's settings (`JSONEncoder` is not `Sendable`; each caller gets its own).
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `value` as one line of JSON text.
    public static func string<Value: Encodable>(_ value: Value) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self)
    }
}
