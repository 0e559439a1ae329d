import FactwireExtract
import FactwireStore
import Foundation

/// The JSON shapes `factwire.store_extraction` reads: the article, the facts (each with its company's
/// key) and the aliases learned.
enum StoredExtraction {
    struct Article: Encodable {
        var url: String?
        var section, title, dek, author, authorRole, published, language: String?
        var body: String
        var wordCount: Int
        var contentSHA256: String?
        enum CodingKeys: String, CodingKey {
            case url, section, title, dek, author, published, language, body
            case authorRole = "author_role"
            case wordCount = "word_count"
            case contentSHA256 = "content_sha256"
        }
    }

    struct StoredFact: Encodable {
        var fact: Fact
        var companyKey: String?
        enum CodingKeys: String, CodingKey { case companyKey = "company_key" }
        func encode(to encoder: any Encoder) throws {
            try fact.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(companyKey, forKey: .companyKey)
        }
    }

    struct Alias: Encodable {
        var alias: String
        var aliasKey: String
        var companyKey: String
        enum CodingKeys: String, CodingKey {
            case alias
            case aliasKey = "alias_key"
            case companyKey = "company_key"
        }
    }

    static func json(_ extraction: Extraction, sourceURL: String?, maximumFacts: Int = .max) throws
        -> IngestHandler.Prepared
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let a = extraction.article
        let article = Article(
            url: extraction.url ?? sourceURL, section: a.section, title: a.title, dek: a.dek, author: a.author,
            authorRole: a.authorRole,
            published: a.published, language: a.language, body: a.body, wordCount: a.wordCount,
            contentSHA256: a.contentSHA256
        )
        let facts = extraction.facts.prefix(maximumFacts).map {
            StoredFact(fact: $0, companyKey: $0.company.map(CompanyKey.make))
        }
        let aliases = extraction.aliases.compactMap { alias, company -> Alias? in
            guard extraction.companies.contains(company) else { return nil }
            return Alias(alias: alias, aliasKey: CompanyKey.make(alias), companyKey: CompanyKey.make(company))
        }
        func text(_ value: some Encodable) throws -> String {
            String(decoding: try encoder.encode(value), as: UTF8.self)
        }
        return IngestHandler.Prepared(
            article: try text(article), facts: try text(facts), aliases: try text(aliases), factCount: facts.count,
            droppedFacts: extraction.facts.count - facts.count)
    }
}
