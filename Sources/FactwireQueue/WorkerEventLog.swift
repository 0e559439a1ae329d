import Foundation

/// Appends a worker's events to a file as JSON lines (`--events-file`), for drills and tests that
/// follow a worker process from outside: `{"event": "claimed", "queue": …, "ids": […], "t": seconds}`.
/// One `write` per event, so the lines of processes sharing a file never interleave.
public final class WorkerEventLog: Sendable {
    private let handle: FileHandle

    /// Opens `path` for appending (`O_APPEND`), creating it when missing.
    public init(path: String) throws(FactwireQueueError) {
        // O_APPEND makes every write land at the end of the file as it is then, so processes sharing the
        // file add lines instead of writing over each other's from their own offsets.
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw FactwireQueueError(.invalidRequest, message: "cannot write events to \(path): errno \(errno)")
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    public func append(_ event: WorkerEvent) {
        let line = Line(event, at: Date().timeIntervalSince1970)
        guard let data = try? JSONEncoder().encode(line) else { return }
        handle.write(data + Data("\n".utf8))
    }

    /// One event as a line: its name and the fields it carries, the rest left out.
    struct Line: Encodable {
        var event: String
        var t: Double
        var session: Int?
        var queue: String?
        var ids: [Int64]?
        var id: Int64?
        var kind: String?
        var attempt: Int32?
        var status: String?
        var leader: Bool?
        var count: Int?
        var name: String?

        enum CodingKeys: String, CodingKey {
            case event, t, session, queue, ids, id, kind, attempt, status, leader, count, name
        }

        init(_ event: WorkerEvent, at time: Double) {
            t = time
            switch event {
            case .listening(let session):
                self.event = "listening"
                self.session = session
            case .listenerLost:
                self.event = "listenerLost"
            case .claimed(let queue, let ids):
                self.event = "claimed"
                (self.queue, self.ids) = (queue, ids)
            case .started(let id, let kind, let attempt):
                self.event = "started"
                (self.id, self.kind, self.attempt) = (id, kind, attempt)
            case .finished(let id, let status):
                self.event = "finished"
                (self.id, self.status) = (id, status.rawValue)
            case .leaseLost(let id):
                self.event = "leaseLost"
                self.id = id
            case .leadership(let leading):
                self.event = "leadership"
                self.leader = leading
            case .rescued(let count):
                self.event = "rescued"
                self.count = count
            case .released(let id):
                self.event = "released"
                self.id = id
            case .periodicEnqueued(let name, let id):
                self.event = "periodicEnqueued"
                (self.name, self.id) = (name, id)
            }
        }
    }
}
