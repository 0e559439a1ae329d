import FactwireStore
import FactwireTesting
import Foundation
import PostgresNIO
import Testing

@Suite("Document store")
struct DocumentStoreTests {
    @Test("stores bytes exactly and returns the same id for identical bytes, also under concurrency")
    func contentAddressed() async throws {
        let database = try await TestPostgres.makeDatabase("docs")
        try await TestPostgres.withClient(database) { client throws in
            try await Migrator(logger: TestPostgres.logger).migrate(client: client)
            let store = DocumentStore(logger: TestPostgres.logger)
            // Not valid UTF-8 on purpose: documents are bytes until the extractor decodes them.
            let bytes: [UInt8] = Array("Caf".utf8) + [0xE9, 0x00, 0xFF] + Array(" '; DROP TABLE x; --".utf8)
            let results = try await withThrowingTaskGroup(of: DocumentStore.Insertion.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        try await store.insert(content: bytes, mediaType: "text/plain", sourceURL: nil, client: client)
                    }
                }
                var all: [DocumentStore.Insertion] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(Set(results.map(\.id)).count == 1)
            #expect(results.filter(\.created).count == 1)
            let stored = try #require(try await store.fetch(id: results[0].id, client: client))
            #expect(stored.content == bytes)
            #expect(stored.sha256.count == 32)
            #expect(try await store.count(client: client) == 1)
            #expect(try await store.fetch(id: 999_999, client: client) == nil)
        }
    }
}
