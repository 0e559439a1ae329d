import Synchronization

/// Bearer tokens looked up recently, so that a client sending many requests does not cost a database
/// round trip (and a row lock on `api_tokens`) per request.
///
/// A revocation clears every query worker's cache at once: `tokens revoke` sends ``revokedPayload`` on
/// `factwire_events`, which ``EventHub`` hears. The cache is used only while that LISTEN session is up
/// (``setListening(_:)``): a worker that could miss a revocation asks the database every time. An entry
/// also expires after ``lifetime``. Only tokens that were found are cached: an unknown token always asks
/// the database.
public final class TokenCache: Sendable {
    /// The `factwire_events` payload that means "a token was revoked".
    public static let revokedPayload = #"{"tokens":"revoked"}"#

    struct Entry {
        var role: Role
        var label: String
        var expires: ContinuousClock.Instant
    }

    let lifetime: Duration
    let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])
    private let listening = Atomic<Bool>(false)
    /// Counts the clears, so that a lookup that began before a revocation does not cache its answer after it.
    private let clears = Atomic<UInt64>(0)

    public init(lifetime: Duration = .seconds(10), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The role and label of the token whose SHA-256 is `hash`, when cached and not expired at `now`.
    func get(_ hash: String, now: ContinuousClock.Instant = .now) -> (role: Role, label: String)? {
        guard listening.load(ordering: .acquiring) else { return nil }
        return entries.withLock { entries in
            guard let entry = entries[hash] else { return nil }
            guard entry.expires > now else {
                entries[hash] = nil
                return nil
            }
            return (entry.role, entry.label)
        }
    }

    /// The current generation, to pass to ``put(_:role:label:generation:)`` after asking the database.
    var generation: UInt64 { clears.load(ordering: .acquiring) }

    /// Caches a token the database found, unless the cache was cleared since `generation` was read.
    func put(_ hash: String, role: Role, label: String, generation: UInt64) {
        guard listening.load(ordering: .acquiring) else { return }
        let entry = Entry(role: role, label: label, expires: ContinuousClock.now + lifetime)
        entries.withLock { entries in
            guard clears.load(ordering: .acquiring) == generation else { return }
            // Bounded: a full cache starts over rather than growing with every token ever seen.
            if entries.count >= capacity, entries[hash] == nil { entries.removeAll(keepingCapacity: true) }
            entries[hash] = entry
        }
    }

    /// Forgets every token (a revocation was announced).
    public func removeAll() {
        entries.withLock { entries in
            clears.add(1, ordering: .acquiringAndReleasing)
            entries.removeAll()
        }
    }

    /// Whether revocations can be heard now; the cache is empty and unused while they cannot.
    public func setListening(_ on: Bool) {
        listening.store(on, ordering: .releasing)
        removeAll()
    }

    /// How many tokens are cached.
    var count: Int { entries.withLock { $0.count } }
}
