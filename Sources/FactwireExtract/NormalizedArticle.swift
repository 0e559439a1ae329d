/// An article as Factwire stores it: metadata found in the page, and the body without page chrome.
public struct NormalizedArticle: Sendable, Equatable, Codable {
    /// The site section ("Home & Office"), when the page shows one.
    public var section: String?
    /// The headline.
    public var title: String?
    /// The standfirst under the headline.
    public var dek: String?
    /// The byline's name.
    public var author: String?
    /// The byline's role ("Senior Reporter").
    public var authorRole: String?
    /// Publication date as YYYY-MM-DD, only when the text states a full date; never guessed.
    public var published: String?
    /// Body paragraphs, boilerplate removed.
    public var paragraphs: [String]
    /// Words in the body.
    public var wordCount: Int
    /// Figure captions found beside the body (HTML pages only), kept apart so they are not read as prose.
    public var captions: [String]?
    /// ISO 639-1 code of the body's language when it is clear ("en", "de"…), else nil.
    public var language: String?
    /// Hex SHA-256 of the body (paragraphs joined by blank lines, UTF-8): equal bodies, equal hashes.
    public var contentSHA256: String?

    enum CodingKeys: String, CodingKey {
        case section, title, dek, author
        case authorRole = "author_role"
        case published, paragraphs
        case wordCount = "word_count"
        case captions, language
        case contentSHA256 = "content_sha256"
    }

    /// Creates an article.
    public init(
        section: String? = nil, title: String? = nil, dek: String? = nil, author: String? = nil,
        authorRole: String? = nil,
        published: String? = nil, paragraphs: [String] = [], wordCount: Int = 0
    ) {
        self.section = section
        self.title = title
        self.dek = dek
        self.author = author
        self.authorRole = authorRole
        self.published = published
        self.paragraphs = paragraphs
        self.wordCount = wordCount
    }

    /// The body as one text, paragraphs separated by blank lines.
    public var body: String { paragraphs.joined(separator: "\n\n") }
}
