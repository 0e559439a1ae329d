import FactwireExtract
import Foundation

/// A document source on disk: a file, or standard input. What `factwire ingest` and `factwire demo`
/// read.
public struct DocumentFile: Sendable {
    /// The path, or "stdin".
    public var name: String
    /// nil for standard input.
    public var path: String?

    /// The extensions read when a folder is walked.
    public static let extensions: Set<String> = ["txt", "html", "htm", "json", "ndjson", "jsonl"]

    /// Files under the paths (folders recursively, sorted), or standard input for '-'.
    public static func collect(_ paths: [String]) throws(DocumentFileError) -> [DocumentFile] {
        var inputs: [DocumentFile] = []
        for path in paths {
            if path == "-" {
                inputs.append(DocumentFile(name: "stdin", path: nil))
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw DocumentFileError(message: "\(path): no such file or folder")
            }
            if !isDirectory.boolValue {
                inputs.append(DocumentFile(name: path, path: path))
                continue
            }
            guard let walker = FileManager.default.enumerator(atPath: path) else { continue }
            var found: [String] = []
            while let relative = walker.nextObject() as? String {
                let full = (path as NSString).appendingPathComponent(relative)
                var nested: ObjCBool = false
                if extensions.contains((relative as NSString).pathExtension.lowercased()),
                    FileManager.default.fileExists(atPath: full, isDirectory: &nested), !nested.boolValue
                {
                    found.append(full)
                }
            }
            inputs += found.sorted().map { DocumentFile(name: $0, path: $0) }
        }
        return inputs
    }

    /// The documents this input holds: one, or one per line for NDJSON. `forcedType` overrides what the
    /// extension (or, for `.json` and standard input, the content) says.
    public func submissions(forcedType: String?) throws(DocumentFileError) -> [DocumentSubmitter.Submission] {
        let bytes: [UInt8]
        if let path {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DocumentFileError(message: "cannot read the file")
            }
            bytes = Array(data)
        } else {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        guard !bytes.isEmpty else { throw DocumentFileError(message: "empty") }
        var type =
            forcedType.flatMap(ArticleReader.MediaType.init(contentType:))
            ?? path.flatMap { ArticleReader.MediaType(pathExtension: ($0 as NSString).pathExtension) }
        if type == nil || type == .json {
            // Sniff: a .json file may really hold NDJSON, and standard input has no name.
            let head = String(decoding: bytes.prefix(64 * 1024), as: UTF8.self)
            let sniffed = ArticleReader.sniff(head)
            type = type == .json && sniffed != .ndjson ? .json : sniffed
        }
        return DocumentSubmitter.Submission.documents(in: bytes, mediaType: type ?? .plainText, sourceURL: nil)
    }
}

/// Why a path or file could not be read; the message names it.
public struct DocumentFileError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
