import Synchronization

/// The fiscal year ends companies stated in earlier articles (`factwire.company_fiscal_years`), read at
/// most once a minute per worker: a table of a few hundred rows does not need a query per document. What
/// this worker stores itself is known at once; another worker's statement is seen within the minute.
final class YearEndCache: Sendable {
    private struct State {
        var yearEnds: [String: Int] = [:]
        var loadedAt: ContinuousClock.Instant?
    }
    private let state = Mutex(State())
    let maximumAge: Duration

    init(maximumAge: Duration = .seconds(60)) { self.maximumAge = maximumAge }

    /// The remembered year ends (company name → month), loaded with `load` when older than ``maximumAge``.
    func current(load: () async throws -> [String: Int]) async throws -> [String: Int] {
        let now = ContinuousClock.now
        let cached = state.withLock { state -> [String: Int]? in
            guard let loadedAt = state.loadedAt, now - loadedAt < maximumAge else { return nil }
            return state.yearEnds
        }
        if let cached { return cached }
        let loaded = try await load()
        return state.withLock { state in
            state.yearEnds.merge(loaded) { _, fromTable in fromTable }
            state.loadedAt = now
            return state.yearEnds
        }
    }

    /// A year end this worker has just stored.
    func remember(company: String, month: Int) {
        state.withLock { $0.yearEnds[company] = month }
    }
}
