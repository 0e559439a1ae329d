import ArgumentParser
import FactwireClient
import FactwireCore
import FactwireExtract
import FactwireIngest
import FactwireStore
import Foundation
import Logging
import PostgresNIO

/// One input: a file or standard input.
struct IngestInputs {
    var name: String
    var path: String?

    static let extensions: Set<String> = ["txt", "html", "htm", "json", "ndjson", "jsonl"]

    /// Files under the paths (folders recursively, sorted), or standard input for '-'.
    static func collect(_ paths: [String]) throws -> [IngestInputs] {
        var inputs: [IngestInputs] = []
        for path in paths {
            if path == "-" {
                inputs.append(IngestInputs(name: "stdin", path: nil))
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("\(path): no such file or folder")
            }
            if !isDirectory.boolValue {
                inputs.append(IngestInputs(name: path, path: path))
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
            inputs += found.sorted().map { IngestInputs(name: $0, path: $0) }
        }
        return inputs
    }

    /// The documents this input holds: one, or one per line for NDJSON.
    func submissions(forcedType: String?) throws -> [DocumentSubmitter.Submission] {
        let bytes: [UInt8]
        if let path {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw IngestInputError(message: "cannot read the file")
            }
            bytes = Array(data)
        } else {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        guard !bytes.isEmpty else { throw IngestInputError(message: "empty") }
        var type =
            forcedType.flatMap(ArticleReader.MediaType.init(contentType:))
            ?? path.flatMap { ArticleReader.MediaType(pathExtension: ($0 as NSString).pathExtension) }
        if type == nil || type == .json {
            // Sniff: a .json file may really hold NDJSON, and standard input has no name.
            let head = String(decoding: bytes.prefix(64 * 1024), as: UTF8.self)
            let sniffed = ArticleReader.sniff(head)
            type = type == .json && sniffed != .ndjson ? .json : sniffed
        }
        let mediaType = type ?? .plainText
        guard mediaType == .ndjson else {
            return [.init(content: bytes, mediaType: mediaType.rawValue, sourceURL: nil)]
        }
        return bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
            .filter { line in line.contains { $0 != 32 && $0 != 9 && $0 != 13 } }
            .map { .init(content: Array($0), mediaType: ArticleReader.MediaType.json.rawValue, sourceURL: nil) }
    }
}

struct IngestInputError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
