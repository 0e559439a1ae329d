import FactwireQueue
import Testing

@Suite("Queue and schedule specifications")
struct QueueSpecificationTests {
    @Test("NAME and NAME=CONCURRENCY; a later NAME wins; nothing given keeps the fallback")
    func queues() throws {
        #expect(try QueueSpecification("ingest") == QueueSpecification("ingest=16"))
        #expect(
            try QueueSpecification.queues(["ingest=4", "mail", "ingest=2"], fallback: [:]) == ["ingest": 2, "mail": 16])
        #expect(try QueueSpecification.queues([], fallback: ["default": 16]) == ["default": 16])
        for bad in ["", "=3", "ingest=0", "ingest=-2", "ingest=many"] {
            #expect(throws: QueueSpecification.Invalid.self, "\(bad)") { try QueueSpecification(bad) }
        }
    }

    @Test("KIND=SECONDS makes a job every SECONDS, at least one")
    func every() throws {
        let job = try PeriodicJob(every: "factwire.noop=2.5", queue: "drills")
        #expect(job.name == "factwire.noop" && job.kind == "factwire.noop" && job.queue == "drills")
        guard case .every(let interval) = job.schedule else {
            Issue.record("not an interval")
            return
        }
        #expect(interval == .milliseconds(2500))
        for bad in ["factwire.noop", "factwire.noop=0.5", "=3", "factwire.noop=inf"] {
            #expect(throws: FactwireQueueError.self, "\(bad)") { try PeriodicJob(every: bad, queue: "default") }
        }
    }

    @Test("the operator's tables: a header and one aligned line per row, or a line saying there is nothing")
    func tables() {
        var stats = QueueStats(queue: "ingest")
        stats.available = 12
        stats.oldestAvailableSeconds = 3.25
        stats.paused = true
        let lines = QueueStats.table([stats, QueueStats(queue: "mail")])
        #expect(lines.count == 3 && lines[0].hasPrefix("QUEUE "))
        #expect(lines[1].hasPrefix("ingest ") && lines[1].hasSuffix("3.2  yes") && lines[2].hasSuffix("0.0  no"))
        // The count ends under the end of its column's title.
        let title = lines[0].range(of: "AVAILABLE")!.upperBound
        #expect(
            lines[1][
                ..<lines[1].index(
                    lines[1].startIndex, offsetBy: lines[0].distance(from: lines[0].startIndex, to: title))
            ].hasSuffix(" 12"))
        #expect(QueueStats.table([]) == ["(no jobs)"])
        #expect(KindLimit.table([]) == ["(no limits)"])
        #expect(PeriodicJobState.table([]).count == 1)
    }
}
