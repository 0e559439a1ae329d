import FactwireCore
import Foundation

// What `factwire queue stats|limit|periodic` print for a person at a terminal: the rows are the queue's own
// snapshots, so the columns live beside the types they show.

extension QueueStats {
    /// One line per queue under a header, or "(no jobs)".
    public static func table(_ stats: [QueueStats]) -> [String] {
        guard !stats.isEmpty else { return ["(no jobs)"] }
        let header = "QUEUE                AVAILABLE  RUNNING  SCHEDULED  RETRYABLE  DEAD  OLDEST(s)  PAUSED"
        return [header]
            + stats.map { row in
                // A 20-character name column, then counts right-aligned under their titles.
                row.queue.padding(toLength: 20, withPad: " ", startingAt: 0)
                    + String(
                        format: "%10lld %8lld %10lld %10lld %5lld %10.1f  %@", row.available, row.running,
                        row.scheduled, row.retryable, row.dead, row.oldestAvailableSeconds, row.paused ? "yes" : "no")
            }
    }
}

extension KindLimit {
    /// One line per limited kind under a header, or "(no limits)".
    public static func table(_ limits: [KindLimit]) -> [String] {
        guard !limits.isEmpty else { return ["(no limits)"] }
        return TextTable(
            header: ["KIND", "MAX RUNNING", "PER ARGUMENT", "RUNNING", "AVAILABLE"],
            rows: limits.map {
                [$0.kind, "\($0.maxRunning)", $0.partitionBy ?? "-", "\($0.running)", "\($0.available)"]
            }
        ).lines
    }
}

extension PeriodicJobState {
    /// One line per schedule under a header, or a line saying workers register them.
    public static func table(_ jobs: [PeriodicJobState]) -> [String] {
        guard !jobs.isEmpty else { return ["(no periodic jobs: workers register them at start)"] }
        let format = ISO8601DateFormatter()
        return TextTable(
            header: ["NAME", "KIND", "QUEUE", "SCHEDULE", "MISSED", "LAST TICK", "LAST JOB", "NEXT TICK"],
            rows: jobs.map {
                [
                    $0.name, $0.kind, $0.queue, $0.schedule, $0.missed, $0.lastTick.map(format.string(from:)) ?? "-",
                    $0.lastJobID.map(String.init) ?? "-", $0.nextTick.map(format.string(from:)) ?? "-"
                ]
            }
        ).lines
    }
}

extension JobQueue {
    /// Enqueues `count` copies of `job`, 10,000 per statement. Returns their ids in order.
    public func enqueue(copies job: NewJob, count: Int) async throws -> [Int64] {
        var ids: [Int64] = []
        ids.reserveCapacity(count)
        var remaining = count
        while remaining > 0 {
            let batch = min(remaining, 10_000)
            ids += try await enqueue(Array(repeating: job, count: batch)).map(\.id)
            remaining -= batch
        }
        return ids
    }
}
