import Foundation

/// Where `factwire extract` puts what it read from each input: NDJSON or a table on standard output, or
/// one `DIR/<name>.json` per input. Beside ``ExtractionInput``, so the command keeps only its flags.
public struct ExtractionOutput {
    public enum Destination: Sendable, Equatable {
        /// One JSON line per article, with the input it came from.
        case ndjson
        /// Aligned lines for a person.
        case table
        /// `DIR/<input name without extension>.json`: the extraction, or an array when the input held several.
        case folder(String)
    }

    public let destination: Destination
    let encoder = JSONEncoder()

    /// Creates the folder of a `.folder` destination.
    /// - Throws: ``ExtractionInputError`` naming the folder when it cannot be made.
    public init(_ destination: Destination) throws {
        self.destination = destination
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if case .folder(let folder) = destination {
            encoder.outputFormatting.insert(.prettyPrinted)
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw ExtractionInputError(
                    message: "cannot create output folder \(folder): \(error.localizedDescription)")
            }
        }
    }

    /// Reads `file` (a path or "-") as `mediaType`, or as its extension says, and writes its extractions.
    /// - Throws: what reading, extracting or writing the file threw; other inputs are not affected.
    public func write(_ file: String, mediaType: ArticleReader.MediaType?) throws {
        let bytes = try ExtractionInput.bytes(of: file)
        let type = mediaType ?? ArticleReader.MediaType(pathExtension: (file as NSString).pathExtension)
        let extractions = try Extraction.extract(bytes, mediaType: type)
        switch destination {
        case .folder(let folder):
            let name = file == "-" ? "stdin" : ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            let value = extractions.count == 1 ? try encoder.encode(extractions[0]) : try encoder.encode(extractions)
            try value.write(to: URL(fileURLWithPath: folder).appendingPathComponent(name + ".json"))
        case .ndjson:
            for extraction in extractions {
                let sourced = Extraction.Sourced(source: file, extraction: extraction)
                print(String(decoding: try encoder.encode(sourced), as: UTF8.self))
            }
        case .table:
            for line in extractions.flatMap({ $0.tableLines(source: file) }) { print(line) }
        }
    }
}
