import Testing

@testable import FactwireAPI

/// The query worker's cache of bearer tokens: used only while revocations can be heard, cleared by one,
/// bounded, and never refilled by a lookup that began before a clear.
@Suite("Token cache")
struct TokenCacheTests {
    @Test("unused until the LISTEN session is up; cleared when it goes down or a revocation arrives")
    func listening() {
        let cache = TokenCache()
        cache.put("a", role: .read, label: "bi", generation: cache.generation)
        #expect(cache.get("a") == nil)
        cache.setListening(true)
        cache.put("a", role: .read, label: "bi", generation: cache.generation)
        #expect(cache.get("a")?.label == "bi")
        cache.removeAll()
        #expect(cache.get("a") == nil)
        cache.put("a", role: .read, label: "bi", generation: cache.generation)
        cache.setListening(false)
        #expect(cache.get("a") == nil)
    }

    @Test("a lookup that began before a revocation does not cache its answer")
    func staleLookup() {
        let cache = TokenCache()
        cache.setListening(true)
        let before = cache.generation
        cache.removeAll()
        cache.put("a", role: .admin, label: "ops", generation: before)
        #expect(cache.get("a") == nil)
    }

    @Test("entries expire, and a full cache starts over instead of growing")
    func bounded() {
        let cache = TokenCache(lifetime: .seconds(10), capacity: 3)
        cache.setListening(true)
        for name in ["a", "b", "c"] { cache.put(name, role: .read, label: name, generation: cache.generation) }
        #expect(cache.count == 3)
        cache.put("d", role: .read, label: "d", generation: cache.generation)
        #expect(cache.count == 1 && cache.get("d") != nil)
        #expect(cache.get("d", now: .now + .seconds(9)) != nil)
        #expect(cache.get("d", now: .now + .seconds(11)) == nil)
    }
}
