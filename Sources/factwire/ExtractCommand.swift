import ArgumentParser
import FactwireExtract
import Foundation

/// `factwire extract`: the extractor on files or text, without a database.
///
/// So far only the quantity layer is built (`--quantities`); article normalization, companies and
/// facts come with the rest of issue #4, and until then the command says so instead of pretending.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract from text: with --quantities, every money amount, percentage and count.",
        discussion: """
            Each INPUT is a file, '-' for standard input, or literal text. With --format json, prints one JSON \
            line per input line: {"quantities": [{"text", "start", "end", "value", "unit", …}]} (value in base \
            units, percents as fractions, offsets in Unicode scalars).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, table
    }

    @Flag(help: "Report the quantity layer on its own (money, percent, counts).")
    var quantities = false

    @Option(help: "json (NDJSON) or table.")
    var format: Format = .table

    @Argument(help: "Files, '-' for standard input, or literal text.")
    var inputs: [String] = []

    func validate() throws {
        guard quantities else {
            throw ValidationError(
                "only `factwire extract --quantities` is available so far: article normalization, companies and facts are not built yet"
            )
        }
        guard !inputs.isEmpty else { throw ValidationError("give at least one INPUT: a file, '-' for standard input, or text") }
    }

    func run() throws {
        let parser = QuantityParser()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for input in inputs {
            for line in try Self.lines(of: input) {
                let found = parser.quantities(in: line)
                switch format {
                case .json:
                    let data = try encoder.encode(["quantities": found])
                    print(String(decoding: data, as: UTF8.self))
                case .table:
                    for q in found {
                        let range = q.range.map { " [\($0[0]) … \($0[1])]" } ?? ""
                        print("\(q.start)-\(q.end)\t\(q.text)\t\(q.value)\t\(q.unit)\t\(q.qualifier.rawValue)\(range)")
                    }
                }
            }
        }
    }

    /// The lines of a file or of standard input, or the text itself as one line.
    static func lines(of input: String) throws -> [String] {
        let data: Data
        if input == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else if FileManager.default.fileExists(atPath: input) {
            guard let contents = FileManager.default.contents(atPath: input) else {
                throw ValidationError("cannot read \(input)")
            }
            data = contents
        } else {
            return [input]
        }
        let hasNUL = data.withUnsafeBytes { bytes in bytes.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false }
        guard !hasNUL else { throw ExtractInputError(message: "\(input) looks binary (it contains NUL bytes); give text") }
        let text = String(data: data, encoding: .utf8) ?? String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}

/// The input cannot be read as text.
struct ExtractInputError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
