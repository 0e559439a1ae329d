public import HTTPTypes

extension HTTPFields {
    /// Whether the client's `Accept` asks for CSV before JSON, the routes' default representation.
    ///
    /// Media ranges are weighed by their `q` (default 1); the higher wins, and on a tie the one listed
    /// first. `*/*` and `application/*` count for JSON, `text/*` for CSV. So `Accept: text/csv` gets CSV,
    /// and a client that lists both in the order it prefers (generated OpenAPI clients send
    /// `application/json, text/csv`) gets JSON, as it asked.
    public var prefersCSV: Bool {
        guard let accept = self[.accept] else { return false }
        var csv: (q: Double, index: Int)? = nil
        var json: (q: Double, index: Int)? = nil
        for (index, range) in accept.split(separator: ",").enumerated() {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let type = parts.first else { continue }
            let q =
                parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            guard q > 0 else { continue }
            switch type {
            case "text/csv", "text/*":
                if csv == nil || q > csv!.q { csv = (q, index) }
            case "application/json", "application/*", "*/*":
                if json == nil || q > json!.q { json = (q, index) }
            default: continue
            }
        }
        guard let csv else { return false }
        guard let json else { return true }
        return csv.q > json.q || (csv.q == json.q && csv.index < json.index)
    }
}
