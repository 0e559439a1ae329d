import Foundation

/// What `factwire extract` reads: files, the files of folders, standard input, or (for the quantity
/// layer) literal text. Reading it here keeps the command's code to its flags, and gives the fuzzing and
/// unit tests the same entry the command has.
public enum ExtractionInput {
    /// Files of the inputs: a folder gives its regular files (not hidden, not nested), sorted; "-" (standard
    /// input) and plain paths stay as they are.
    public static func expand(_ inputs: [String]) throws -> [String] {
        var files: [String] = []
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard input != "-", FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory),
                isDirectory.boolValue
            else {
                files.append(input)
                continue
            }
            for name in try FileManager.default.contentsOfDirectory(atPath: input).sorted() where !name.hasPrefix(".") {
                let path = (input as NSString).appendingPathComponent(name)
                var nested: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &nested), !nested.boolValue {
                    files.append(path)
                }
            }
        }
        return files
    }

    /// The bytes of a file, or of standard input for "-".
    public static func bytes(of file: String) throws(ExtractionInputError) -> [UInt8] {
        if file == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard FileManager.default.fileExists(atPath: file) else { throw ExtractionInputError(message: "no such file") }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ExtractionInputError(message: "cannot read the file")
        }
        return Array(data)
    }

    /// One word with a "/" or a file extension of 1-5 letters and digits.
    static func looksLikePath(_ input: String) -> Bool {
        guard !input.contains(where: \.isWhitespace) else { return false }
        if input.contains("/") { return true }
        guard let dot = input.lastIndex(of: "."), dot != input.startIndex else { return false }
        let suffix = input[input.index(after: dot)...]
        return (1...5).contains(suffix.count) && suffix.allSatisfy { $0.isLetter || $0.isNumber }
            && suffix.contains(where: \.isLetter)
    }

    /// The lines of a file or of standard input, or the text itself as one line. An argument that looks
    /// like a path (one word with a "/" or a file extension) and does not exist is an error, not text: a
    /// mistyped file name must not pass as text with nothing in it. Text of that shape takes `--text`.
    public static func lines(of input: String) throws(ExtractionInputError) -> [String] {
        let bytes: [UInt8]
        if input == "-" || FileManager.default.fileExists(atPath: input) {
            bytes = try Self.bytes(of: input)
        } else if looksLikePath(input) {
            throw ExtractionInputError(message: "\(input): no such file (for literal text, use --text '\(input)')")
        } else {
            return [input]
        }
        let text: String
        do {
            text = try TextDecoding.decode(bytes).text
        } catch {
            throw ExtractionInputError(message: "\(input): \(error)")
        }
        // One record per input line: the newline that ends the last line does not start another.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        if lines.count > 1, lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// An input of `factwire extract` cannot be read; the message names it.
public struct ExtractionInputError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
    public init(message: String) { self.message = message }
}
