import Crypto
import Foundation

/// Turns a document's bytes into normalized articles, whatever form it came in.
///
/// The media type decides the reader: `text/html` → ``HTMLArticleReader``, `application/json` → one
/// object, `application/x-ndjson` → one article per line, `text/plain` → ``PlainTextNormalizer``. With
/// no media type the content decides (a `{` first means JSON, a leading `<` with an HTML tag means
/// HTML). Bytes are decoded by ``TextDecoding`` first, so every path gets NFC text without control
/// characters, and empty or binary input fails with a ``TextDecoding/Failure``.
public enum ArticleReader {
    /// The forms of input the reader knows.
    public enum MediaType: String, Sendable, CaseIterable, Codable {
        case plainText = "text/plain"
        case html = "text/html"
        case json = "application/json"
        case ndjson = "application/x-ndjson"

        /// Parses a Content-Type value ("text/html; charset=utf-8"); nil for unknown types.
        public init?(contentType: String) {
            let essence =
                contentType.split(separator: ";").first.map { $0.trimmingSpaces().lowercased() }
                ?? ""
            switch essence {
            case "text/plain", "text/markdown": self = .plainText
            case "text/html", "application/xhtml+xml": self = .html
            case "application/json": self = .json
            case "application/x-ndjson", "application/ndjson", "application/jsonl": self = .ndjson
            default: return nil
            }
        }

        /// The media type a file name suggests, if any.
        public init?(pathExtension: String) {
            switch pathExtension.lowercased() {
            case "txt", "text", "md": self = .plainText
            case "html", "htm", "xhtml": self = .html
            case "json": self = .json
            case "ndjson", "jsonl": self = .ndjson
            default: return nil
            }
        }
    }

    /// One article read from a document, with the address it gave (a JSON "url", or a plain text's first line
    /// "# source: https://…").
    public struct Entry: Sendable, Equatable {
        public var article: NormalizedArticle
        public var url: String?
    }

    /// Reads `bytes`.
    /// - Throws: ``TextDecoding/Failure`` (empty, binary) or ``JSONArticleReader/Failure`` (bad JSON).
    public static func read(_ bytes: [UInt8], mediaType: MediaType? = nil) throws -> [Entry] {
        let text = try TextDecoding.decode(bytes).text
        let type = mediaType ?? sniff(text)
        var entries: [Entry]
        switch type {
        case .plainText:
            entries = [
                Entry(article: PlainTextNormalizer().normalize(text), url: PlainTextNormalizer.leadingAddress(text))
            ]
        case .html: entries = [Entry(article: HTMLArticleReader.read(text))]
        case .json:
            let entry = try JSONArticleReader.read(text)
            entries = [Entry(article: entry.article, url: entry.url)]
        case .ndjson: entries = try JSONArticleReader.readLines(text).map { Entry(article: $0.article, url: $0.url) }
        }
        for index in entries.indices { finish(&entries[index].article) }
        return entries
    }

    /// Cleans every text field (``clean(_:)``) and fills the fields every reader shares: language and content hash.
    public static func finish(_ article: inout NormalizedArticle) {
        clean(&article)
        let body = article.body
        article.language = LanguageGuess.guess(body)
        article.contentSHA256 = hex(Array(SHA256.hash(data: Data(body.utf8))))
        if article.wordCount == 0 {
            article.wordCount = article.paragraphs.reduce(0) { $0 + PlainTextNormalizer.wordCount($1) }
        }
    }

    /// Escapes can spell what the decoder removed from the raw text: a JSON body's or a page's JSON-LD "\u0000"
    /// (PostgreSQL stores no NUL in text), "\u0007", escaped mojibake; so can character references in a page's
    /// metadata. Every text field is cleaned as decoded text is (``TextDecoding/clean(_:)``), whichever reader
    /// filled it. Text that is clean already comes back as it was, without a copy.
    static func clean(_ article: inout NormalizedArticle) {
        func field(_ text: String?) -> String? {
            guard let text else { return nil }
            let cleaned = TextDecoding.clean(text)
            guard cleaned != text else { return text }
            let trimmed = cleaned.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }
        article.section = field(article.section)
        article.title = field(article.title)
        article.dek = field(article.dek)
        article.author = field(article.author)
        article.authorRole = field(article.authorRole)
        article.paragraphs = article.paragraphs.compactMap(field)
        article.captions = article.captions?.compactMap(field)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }

    /// Guesses the media type from the text itself.
    public static func sniff(_ text: String) -> MediaType {
        let head = text.prefix(2048).drop { $0.isWhitespace }
        if head.hasPrefix("{") {
            let lines = text.split(separator: "\n").filter { !$0.isBlank }
            if lines.count > 1, lines.allSatisfy({ $0.hasPrefix("{") && $0.hasSuffix("}") }) { return .ndjson }
            return .json
        }
        if head.hasPrefix("<") {
            let lower = head.lowercased()
            if ["<!doctype html", "<html", "<head", "<body", "<article", "<p>", "<div", "<meta"].contains(
                where: lower.contains)
            {
                return .html
            }
        }
        return .plainText
    }
}

/// An article and its facts: what `factwire extract --out` writes and the ingest worker stores.
public struct Extraction: Sendable, Equatable, Codable {
    public var article: NormalizedArticle
    public var companies: [String]
    public var facts: [Fact]
    public var url: String?
    /// Other names of the companies, learned from the article ("AWS" → "Amazon Web Services").
    public var aliases: [String: String]
    /// The fiscal year end the article states for the company it is about ("fiscal year ending March 31").
    public var fiscalYearEnd: FiscalYearEnd?

    /// A company's fiscal year end: the month (1–12) in which it ends.
    public struct FiscalYearEnd: Sendable, Equatable, Codable {
        public var company: String
        public var month: Int
        public init(company: String, month: Int) {
            self.company = company
            self.month = month
        }
    }

    public init(
        article: NormalizedArticle, companies: [String], facts: [Fact], url: String? = nil,
        aliases: [String: String] = [:], fiscalYearEnd: FiscalYearEnd? = nil
    ) {
        self.article = article
        self.companies = companies
        self.facts = facts
        self.url = url
        self.aliases = aliases
        self.fiscalYearEnd = fiscalYearEnd
    }

    enum CodingKeys: String, CodingKey {
        case article, companies, facts, url, aliases
        case fiscalYearEnd = "fiscal_year_end"
    }

    /// Reads `bytes` and extracts the facts of every article in them.
    public static func extract(_ bytes: [UInt8], mediaType: ArticleReader.MediaType? = nil) throws -> [Extraction] {
        try extract(bytes, mediaType: mediaType, model: FactModel.shipped)
    }

    /// Reads `bytes` and extracts the facts of every article in them with `model` (nil: the rules alone).
    /// `rememberedYearEnds`: the fiscal year ends companies stated in earlier articles (name → month).
    /// `sourceURL`: where the document came from, for articles that give no address of their own.
    public static func extract(
        _ bytes: [UInt8], mediaType: ArticleReader.MediaType?, model: FactModel?,
        cancellation: ExtractionCancellation? = nil, rememberedYearEnds: [String: Int] = [:], sourceURL: String? = nil
    ) throws -> [Extraction] {
        var extractor = FactExtractor(model: model)
        extractor.rememberedYearEnds = rememberedYearEnds
        return try ArticleReader.read(bytes, mediaType: mediaType).map { entry in
            try cancellation?.check()
            let result = try extractor.extract(
                entry.article, address: entry.url ?? sourceURL, cancellation: cancellation)
            var companies: [String] = []
            for fact in result.facts {
                if let company = fact.company, !companies.contains(company) { companies.append(company) }
            }
            return Extraction(
                article: entry.article, companies: companies, facts: result.facts, url: entry.url,
                aliases: result.aliases.filter { companies.contains($0.value) }, fiscalYearEnd: result.fiscalYearEnd)
        }
    }
}
