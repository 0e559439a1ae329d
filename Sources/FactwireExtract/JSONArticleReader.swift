import FactwireCore
import Foundation

/// Reads articles submitted as JSON: `{"title", "body", "url", "published_at", "author", "section"}`, one
/// object, or NDJSON (one object per line) for many.
///
/// `body` is required and is split into paragraphs at blank lines; `published_at` counts only when it
/// holds a full date (ISO 8601 or "March 31, 2014"), and keeps just the day.
public enum JSONArticleReader {
    /// Why a JSON document was refused.
    public struct Failure: Error, Equatable, CustomStringConvertible, Sendable {
        /// What is wrong, naming the field or line.
        public var message: String
        /// Creates a failure.
        public init(message: String) { self.message = message }
        public var description: String { message }
    }

    /// One article read from JSON, with the URL the submitter gave.
    public struct Entry: Sendable, Equatable {
        public var article: NormalizedArticle
        public var url: String?
    }

    /// Reads one JSON object.
    /// - Throws: ``Failure`` naming what is wrong (not JSON, not an object, no body, wrong field types).
    public static func read(_ text: String) throws -> Entry {
        let value: JSONValue
        switch JSONValue.parse(text) {
        case .success(let parsed): value = parsed
        case .failure(let error): throw Failure(message: "not valid JSON: \(error.reason.prefix(160))")
        }
        guard let fields = value.object else {
            let got = value.array != nil ? "an array" : "another JSON value"
            throw Failure(message: "expected a JSON object with at least \"body\"; got \(got)")
        }
        func string(_ key: String) throws -> String? {
            guard let value = fields[key], value != .null else { return nil }
            guard let text = value.string else { throw Failure(message: "\"\(key)\" must be a string") }
            // Escapes can spell what the decoder removed from raw text: "\u0000", "\r\n", "\u00e2\u0082\u00ac".
            let trimmed = TextDecoding.clean(text).trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }
        guard let body = try string("body") else { throw Failure(message: "\"body\" is missing or empty") }
        let paragraphs = body.components(separatedBy: "\n\n")
            .map { $0.replacingOccurrences(of: "\n", with: " ").trimmingSpaces() }
            .filter { !$0.isEmpty }
        var article = NormalizedArticle(
            section: try string("section"), title: try string("title"), author: try string("author"),
            published: try string("published_at").flatMap(DateText.parse), paragraphs: paragraphs
        )
        article.wordCount = paragraphs.reduce(0) { $0 + PlainTextNormalizer.wordCount($1) }
        return Entry(article: article, url: try string("url"))
    }

    /// Reads NDJSON: one object per non-empty line. A bad line fails the whole input, naming the line.
    public static func readLines(_ text: String) throws -> [Entry] {
        var entries: [Entry] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.isBlank else { continue }
            do {
                entries.append(try read(String(line)))
            } catch let failure as Failure {
                throw Failure(message: "line \(number + 1): \(failure.message)")
            }
        }
        return entries
    }
}
