import FactwireTesting
import Foundation
import PostgresNIO
import Testing

@_spi(Testing) @testable import FactwireQueue

@Suite("Periodic jobs and cron", .timeLimit(.minutes(3)))
struct PeriodicJobTests {
    static let utc = TimeZone(identifier: "UTC")!

    static func date(_ text: String) -> Date {
        let format = ISO8601DateFormatter()
        return format.date(from: text)!
    }

    @Test("cron fields: steps, ranges, lists, names and macros; errors name the field")
    func cronParsing() throws {
        let quarter = try CronExpression("*/15 * * * *")
        #expect(quarter.minutes == [0, 15, 30, 45])
        let office = try CronExpression("5/20 8-18/5 * jan,jun mon-fri")
        #expect(office.minutes == [5, 25, 45])
        #expect(office.hours == [8, 13, 18])
        #expect(office.months == [1, 6])
        #expect(office.weekdays == [1, 2, 3, 4, 5])
        #expect(
            try CronExpression("@daily").next(after: Self.date("2026-03-01T10:00:00Z"))
                == Self.date("2026-03-02T00:00:00Z"))
        #expect(try CronExpression("0 0 * * 7").weekdays == [0])
        for (bad, field) in [
            ("61 * * * *", "minute"), ("* 24 * * *", "hour"), ("* * 0 * *", "day of month"),
            ("* * * foo *", "month"), ("* * * * 1-", "day of week"), ("*/0 * * * *", "minute")
        ] {
            #expect(throws: FactwireQueueError.self) { try CronExpression(bad) }
            do { _ = try CronExpression(bad) } catch { #expect("\(error)".contains(field), "\(bad): \(error)") }
        }
        #expect(throws: FactwireQueueError.self) { try CronExpression("* * * *") }
    }

    @Test("cron next and latest, in a time zone and across a daylight-saving change")
    func cronTimes() throws {
        let nightly = try CronExpression("30 2 * * *", timeZone: TimeZone(identifier: "Europe/Berlin")!)
        // 02:30 does not exist in Berlin on 2026-03-29 (clocks jump 02:00 → 03:00): that night is skipped.
        #expect(nightly.next(after: Self.date("2026-03-28T12:00:00Z")) == Self.date("2026-03-30T00:30:00Z"))
        #expect(nightly.next(after: Self.date("2026-01-10T00:00:00Z")) == Self.date("2026-01-10T01:30:00Z"))
        #expect(nightly.latest(atOrBefore: Self.date("2026-01-10T01:29:59Z")) == Self.date("2026-01-09T01:30:00Z"))
        #expect(nightly.latest(atOrBefore: Self.date("2026-01-10T01:30:00Z")) == Self.date("2026-01-10T01:30:00Z"))
        // Both the day of month and the weekday restricted: either matches (the 1st, or a Monday).
        let either = try CronExpression("0 9 1 * mon")
        #expect(either.next(after: Self.date("2026-06-01T09:00:00Z")) == Self.date("2026-06-08T09:00:00Z"))
        #expect(either.next(after: Self.date("2026-06-29T09:00:00Z")) == Self.date("2026-07-01T09:00:00Z"))
        // "*/2" in the day field is unrestricted for that rule: every other day AND a Monday.
        let stepped = try CronExpression("0 9 */2 * mon")
        #expect(stepped.next(after: Self.date("2026-06-01T09:00:00Z")) == Self.date("2026-06-15T09:00:00Z"))
        // Leap day only: found years ahead.
        let leap = try CronExpression("0 0 29 2 *")
        #expect(leap.next(after: Self.date("2026-03-01T00:00:00Z")) == Self.date("2028-02-29T00:00:00Z"))
    }

    @Test("ticks of .every are multiples of the interval since the epoch")
    func everyTicks() throws {
        let schedule = PeriodicJob.Schedule.every(.seconds(60))
        let at = Self.date("2026-05-05T10:20:30Z")
        #expect(schedule.latest(atOrBefore: at) == Self.date("2026-05-05T10:20:00Z"))
        #expect(schedule.next(after: at) == Self.date("2026-05-05T10:21:00Z"))
        #expect(throws: FactwireQueueError.self) {
            try PeriodicJob(name: "x", kind: "k", schedule: .every(.milliseconds(500)))
        }
    }

    @Test(
        "missed ticks: on time runs, late under .skip passes, late under .runOnce runs once, a new job never runs late")
    func decisions() throws {
        let skip = try PeriodicJob(name: "s", kind: "k", schedule: .every(.seconds(3600)), missed: .skip)
        let once = try PeriodicJob(name: "o", kind: "k", schedule: .every(.seconds(3600)), missed: .runOnce)
        let tick = Self.date("2026-05-05T10:00:00Z")
        let previous = Self.date("2026-05-05T09:00:00Z")
        let early = tick.addingTimeInterval(20)
        let late = tick.addingTimeInterval(600)
        #expect(skip.decide(now: early, lastTick: previous) == .fire(tick: tick))
        #expect(skip.decide(now: early, lastTick: tick) == .wait)
        #expect(skip.decide(now: late, lastTick: previous) == .pass(tick: tick))
        #expect(once.decide(now: late, lastTick: previous.addingTimeInterval(-5 * 3600)) == .fire(tick: tick))
        #expect(once.decide(now: late, lastTick: nil) == .pass(tick: tick))
        #expect(once.decide(now: early, lastTick: nil) == .fire(tick: tick))
    }

    @Test("a tick is enqueued once however many leaders try, with the unique key periodic:<name>:<tick>")
    func oneRunPerTick() async throws {
        try await QueueHarness.with("periodic_once") { h throws in
            let job = try PeriodicJob(name: "digest", kind: NoopHandler.kind, schedule: .every(.seconds(60)))
            let tick = Self.date("2026-05-05T10:00:00Z")
            let ids = try await h.client.withConnection { connection in
                try await QueueSQL.register([job], by: UUID(), on: connection, logger: h.logger)
                var ids: [Int64?] = []
                for _ in 0..<3 {
                    ids.append(
                        try await QueueSQL.advance(
                            job, tick: tick, next: tick.addingTimeInterval(60), run: true, on: connection,
                            logger: h.logger))
                }
                // An older tick (a leader whose clock is behind) enqueues nothing either.
                ids.append(
                    try await QueueSQL.advance(
                        job, tick: tick.addingTimeInterval(-60), next: tick, run: true, on: connection,
                        logger: h.logger))
                return ids
            }
            #expect(ids[0] != nil)
            #expect(ids.dropFirst().allSatisfy { $0 == nil })
            let key = try await h.scalar(
                "SELECT encode(unique_key, 'hex') FROM factwire.jobs WHERE id = \(ids[0]!)", as: String.self)
            #expect(
                key
                    == UniqueKey.hex(
                        kind: NoopHandler.kind, key: "periodic:digest:\(Int64(tick.timeIntervalSince1970) * 1000)"))
            let listed = try await h.queue.periodicJobs()
            #expect(listed.map(\.name) == ["digest"])
            #expect(listed.first?.lastTick == tick)
            #expect(listed.first?.lastJobID == ids[0])
            #expect(listed.first?.schedule == "every 60.0 s")
        }
    }

    @Test("two workers with a 1 s schedule: one run per tick, from whichever leads")
    func twoWorkersOneRunPerTick() async throws {
        try await QueueHarness.with("periodic_two") { h throws in
            let recorder = EventRecorder()
            let job = try PeriodicJob(name: "tick", kind: NoopHandler.kind, schedule: .every(.seconds(1)), queue: "pq")
            let workers = (0..<2).map { _ in
                var configuration = h.configuration(["pq": 4], recorder: recorder)
                configuration.periodicJobs = [job]
                return JobWorker(
                    client: h.client, registry: WorkerTests.registry(), configuration: configuration, logger: h.logger)
            }
            try await h.running(workers[0]) { _ in
                try await h.running(workers[1]) { _ in
                    await recorder.wait(for: "four periodic runs") { $0.finishedCount(.completed) >= 4 }
                }
            }
            let ticks = try await h.client.query(
                """
                SELECT meta->>'tick' FROM factwire.job_history WHERE kind = \(NoopHandler.kind)
                UNION ALL SELECT meta->>'tick' FROM factwire.jobs WHERE kind = \(NoopHandler.kind)
                """, logger: h.logger
            ).decode(String.self).reduce(into: [String]()) { $0.append($1) }
            #expect(ticks.count >= 4)
            #expect(Set(ticks).count == ticks.count, "a tick ran twice: \(ticks.sorted())")
        }
    }

    @Test("after an hour with no leader, .runOnce enqueues one run, not one per missed tick")
    func missedTicksRunOnce() async throws {
        try await QueueHarness.with("periodic_missed") { h throws in
            let recorder = EventRecorder()
            let job = try PeriodicJob(
                name: "hourly", kind: NoopHandler.kind, schedule: .every(.seconds(60)), queue: "mq", missed: .runOnce)
            try await h.client.withConnection { connection in
                try await QueueSQL.register([job], by: UUID(), on: connection, logger: h.logger)
                try await connection.query(
                    "UPDATE factwire.periodic_jobs SET last_tick = now() - interval '1 hour'", logger: h.logger)
            }
            var configuration = h.configuration(["mq": 4], recorder: recorder)
            configuration.periodicJobs = [job]
            let worker = JobWorker(
                client: h.client, registry: WorkerTests.registry(), configuration: configuration, logger: h.logger)
            try await h.running(worker) { _ in
                await recorder.wait(for: "the catch-up run") { $0.finishedCount(.completed) >= 1 }
            }
            let runs = try await h.scalar(
                "SELECT count(*)::int8 FROM factwire.job_history WHERE kind = \(NoopHandler.kind)", as: Int64.self)
            // One catch-up run; one more only if the next minute began meanwhile.
            #expect((1...2).contains(runs ?? 0), "\(runs ?? 0) runs")
        }
    }
}
