import ArgumentParser
import FactwireExtract
import FactwireRuntime
import Foundation

/// `factwire extract`: the extractor on files, folders or standard input, without a database.
///
/// Articles: every INPUT (a file, every file of a folder, or `-`) is read as plain text, HTML, JSON or
/// NDJSON (by `--media-type`, else the file extension, else the content) and its facts are printed as
/// NDJSON (`{"article", "companies", "facts", "source"}`), as a table, or, with `--out DIR`, written to
/// `DIR/<name>.json`. A bad input is reported on standard error and skipped; the exit status is 1 when
/// any input failed. `--quantities` runs the quantity layer alone, one result per input line.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract articles and market facts from files (or, with --quantities, every amount in text).",
        discussion: """
            Each INPUT is a file, a folder (its files, sorted), or '-' for standard input; with --quantities it may \
            also be literal text (a word that looks like a file name and does not exist is an error: use --text). --out DIR writes DIR/<input name without extension>.json = \
            {"article": {...}, "companies": [...], "facts": [...]}. Otherwise prints one JSON line per article, or a table.
            With --quantities --format json, prints one line per input line: {"quantities": [{"text", "start", \
            "end", "value", "unit", …}]} (values in base units, percents as fractions, offsets in Unicode scalars).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, table
    }

    enum MediaTypeOption: String, ExpressibleByArgument, CaseIterable {
        case text, html, json, ndjson
        var mediaType: ArticleReader.MediaType {
            switch self {
            case .text: .plainText
            case .html: .html
            case .json: .json
            case .ndjson: .ndjson
            }
        }
    }

    @Flag(help: "Report the quantity layer on its own (money, percent, counts), one result per input line.")
    var quantities = false

    @Option(help: "json (NDJSON) or table. Default: json for articles, table for --quantities.")
    var format: Format?

    @Option(help: "Write one DIR/<name>.json per input instead of printing.")
    var out: String?

    @Option(
        name: .customLong("media-type"),
        help: "Read every input as text, html, json or ndjson (default: by extension, then content).")
    var mediaType: MediaTypeOption?

    @Option(help: ArgumentHelp("With --quantities: literal text to read (repeatable).", valueName: "text"))
    var text: [String] = []

    @Argument(help: "Files, folders, or '-' for standard input.")
    var inputs: [String] = []

    func validate() throws {
        guard !inputs.isEmpty || quantities && !text.isEmpty else {
            throw ValidationError(
                "give at least one INPUT: a file, a folder, or '-' for standard input"
                    + (quantities ? " (or --text TEXT)" : ""))
        }
        if !text.isEmpty && !quantities {
            throw ValidationError("--text goes with --quantities; for articles, pass files or '-'")
        }
        if quantities && out != nil {
            throw ValidationError("--out writes article extractions; it does not go with --quantities")
        }
    }

    func run() throws {
        if quantities { return try runQuantities() }
        var failures = 0
        if let out {
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            } catch {
                throw ExtractInputError(message: "cannot create output folder \(out): \(error.localizedDescription)")
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            out == nil ? [.sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        for file in try Self.expand(inputs) {
            do {
                let bytes = try Self.bytes(of: file)
                let type =
                    mediaType?.mediaType ?? ArticleReader.MediaType(pathExtension: (file as NSString).pathExtension)
                let extractions = try Extraction.extract(bytes, mediaType: type)
                if let out {
                    let name =
                        file == "-" ? "stdin" : ((file as NSString).lastPathComponent as NSString).deletingPathExtension
                    let value: Data =
                        extractions.count == 1 ? try encoder.encode(extractions[0]) : try encoder.encode(extractions)
                    try value.write(to: URL(fileURLWithPath: out).appendingPathComponent(name + ".json"))
                } else if (format ?? .json) == .json {
                    for extraction in extractions {
                        print(
                            String(
                                decoding: try encoder.encode(Sourced(source: file, extraction: extraction)),
                                as: UTF8.self))
                    }
                } else {
                    for extraction in extractions { Self.printTable(extraction, source: file) }
                }
            } catch {
                failures += 1
                FileHandle.standardError.write(Data("factwire: \(file): \(error)\n".utf8))
            }
        }
        if failures > 0 { throw ExitCode(ExitStatus.failure.rawValue) }
    }

    /// An extraction with the input it came from.
    struct Sourced: Encodable {
        var source: String
        var extraction: Extraction
        enum CodingKeys: String, CodingKey { case source, article, companies, facts, url }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(source, forKey: .source)
            try container.encode(extraction.article, forKey: .article)
            try container.encode(extraction.companies, forKey: .companies)
            try container.encode(extraction.facts, forKey: .facts)
            try container.encodeIfPresent(extraction.url, forKey: .url)
        }
    }

    static func printTable(_ extraction: Extraction, source: String) {
        let article = extraction.article
        print(
            "\(source): \(article.title ?? "(no title)") — \(article.author ?? "no author"), \(article.published ?? "no date"), \(article.wordCount) words"
        )
        if extraction.facts.isEmpty { print("  (no facts)") }
        for fact in extraction.facts {
            let metric =
                fact.metric == .growth
                ? "growth:\(fact.growthOf ?? "?")"
                : fact.metric == .other ? "other:\(fact.metricDetail ?? "?")" : fact.metric.rawValue
            let derived = fact.derived == true ? " (derived)" : ""
            print(
                "  \(fact.company ?? "(market)")\t\(metric)\t\(fact.value)\t\(fact.unit)\t\(fact.qualifier.rawValue)\t\(fact.period ?? "-")\t\(fact.status.rawValue)\(derived)"
            )
        }
    }

    /// Files of the inputs: folders expand to their regular files, sorted; '-' stays.
    static func expand(_ inputs: [String]) throws -> [String] {
        var files: [String] = []
        for input in inputs {
            var isDirectory: ObjCBool = false
            if input != "-", FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory),
                isDirectory.boolValue
            {
                let names = try FileManager.default.contentsOfDirectory(atPath: input).filter { !$0.hasPrefix(".") }
                    .sorted()
                for name in names {
                    let path = (input as NSString).appendingPathComponent(name)
                    var nested: ObjCBool = false
                    if FileManager.default.fileExists(atPath: path, isDirectory: &nested), !nested.boolValue {
                        files.append(path)
                    }
                }
            } else {
                files.append(input)
            }
        }
        return files
    }

    static func bytes(of file: String) throws -> [UInt8] {
        if file == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard FileManager.default.fileExists(atPath: file) else { throw ExtractInputError(message: "no such file") }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ExtractInputError(message: "cannot read the file")
        }
        return Array(data)
    }

    func runQuantities() throws {
        let parser = QuantityParser()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let lines =
            try inputs.flatMap { try Self.lines(of: $0) }
            + text.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        for line in lines {
            let found = parser.quantities(in: line)
            switch format ?? .table {
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
    static func lines(of input: String) throws -> [String] {
        let bytes: [UInt8]
        if input == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else if FileManager.default.fileExists(atPath: input) {
            bytes = try Self.bytes(of: input)
        } else if looksLikePath(input) {
            throw ExtractInputError(message: "\(input): no such file (for literal text, use --text '\(input)')")
        } else {
            return [input]
        }
        let text: String
        do {
            text = try TextDecoding.decode(bytes).text
        } catch let failure as TextDecoding.Failure {
            throw ExtractInputError(message: "\(input): \(failure)")
        }
        // One record per input line: the newline that ends the last line does not start another.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        if lines.count > 1, lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// The input cannot be read as text.
struct ExtractInputError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
