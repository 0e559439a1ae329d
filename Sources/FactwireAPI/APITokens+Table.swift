import FactwireCore
import Foundation

extension APITokens.Listed {
    /// `factwire tokens list` for a person at a terminal: one line per token under a header, or "(no tokens)".
    public static func table(_ tokens: [APITokens.Listed]) -> [String] {
        guard !tokens.isEmpty else { return ["(no tokens)"] }
        let format = ISO8601DateFormatter()
        let rows = tokens.map { token in
            [
                String(token.id), token.role, token.label, format.string(from: token.createdAt),
                token.lastUsedAt.map(format.string(from:)) ?? "never", token.revokedAt.map(format.string(from:)) ?? "-"
            ]
        }
        return TextTable(header: ["ID", "ROLE", "LABEL", "CREATED", "LAST USED", "REVOKED"], rows: rows).lines
    }
}
