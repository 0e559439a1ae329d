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
        let output = try ExtractionOutput(out.map { .folder($0) } ?? ((format ?? .json) == .json ? .ndjson : .table))
        var failures = 0
        for file in try ExtractionInput.expand(inputs) {
            do {
                try output.write(file, mediaType: mediaType?.mediaType)
            } catch {
                failures += 1
                FileHandle.standardError.write(Data("factwire: \(file): \(error)\n".utf8))
            }
        }
        if failures > 0 { throw ExitCode(ExitStatus.failure.rawValue) }
    }

    func runQuantities() throws {
        let parser = QuantityParser()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let lines =
            try inputs.flatMap { try ExtractionInput.lines(of: $0) }
            + text.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        for line in lines {
            let found = parser.quantities(in: line)
            switch format ?? .table {
            case .json:
                let data = try encoder.encode(["quantities": found])
                print(String(decoding: data, as: UTF8.self))
            case .table:
                for quantity in found { print(quantity.tableLine) }
            }
        }
    }
}
