import FactwireQueue
import Foundation
import Testing

/// The `--events-file` lines that drills and process tests read back.
@Suite("Worker event log")
struct WorkerEventLogTests {
    struct Line: Decodable {
        var event: String
        var queue: String?
        var kind: String?
        var ids: [Int64]?
        var id: Int64?
        var status: String?
        var t: Double
    }

    @Test("every event is one line of valid JSON, also with quotes, backslashes and newlines in names")
    func namesAreEscaped() throws {
        let path = NSTemporaryDirectory() + "fw-events-\(UUID().uuidString.prefix(8)).ndjson"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try WorkerEventLog(path: path)
        let queue = "ingest \"bulk\"\\west"
        let kind = "report\nline two"
        log.append(.claimed(queue: queue, ids: [7, 8]))
        log.append(.started(id: 7, kind: kind, attempt: 1))
        log.append(.finished(id: 7, status: .completed))
        log.append(.leadership(true))

        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)
        let decoded = try lines.map { try JSONDecoder().decode(Line.self, from: Data($0.utf8)) }
        #expect(decoded.map(\.event) == ["claimed", "started", "finished", "leadership"])
        #expect(decoded[0].queue == queue && decoded[0].ids == [7, 8])
        #expect(decoded[1].kind == kind && decoded[1].id == 7)
        #expect(decoded[2].status == "completed")
        #expect(decoded.allSatisfy { $0.t > 0 })
    }

    @Test("a second log on the same file appends; a folder that does not exist is a clear error")
    func appendsAndRefuses() throws {
        let path = NSTemporaryDirectory() + "fw-events-\(UUID().uuidString.prefix(8)).ndjson"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try WorkerEventLog(path: path).append(.rescued(count: 2))
        try WorkerEventLog(path: path).append(.released(id: 9))
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 2)
        #expect(throws: FactwireQueueError.self) { try WorkerEventLog(path: "/nonexistent-\(UUID())/events.ndjson") }
    }
}
