import Foundation

extension Migrator.Status {
    /// `factwire migrate --status` for a person at a terminal: version, state, when, name.
    public static func table(_ rows: [Migrator.Status]) -> [String] {
        let format = ISO8601DateFormatter()
        return ["VERSION  STATE     APPLIED AT                 NAME"]
            + rows.map { row in
                let state = row.appliedAt == nil ? "pending" : (row.checksumMatches ? "applied" : "CHANGED")
                let when = row.appliedAt.map(format.string(from:)) ?? "-"
                return String(format: "%04lld", row.version).padding(toLength: 9, withPad: " ", startingAt: 0)
                    + state.padding(toLength: 10, withPad: " ", startingAt: 0)
                    + when.padding(toLength: 27, withPad: " ", startingAt: 0) + row.name
            }
    }
}
