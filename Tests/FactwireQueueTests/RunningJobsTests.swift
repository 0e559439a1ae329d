import Testing

@testable import FactwireQueue

/// The registry of running attempts, keyed by job id and lease.
@Suite("Running jobs")
struct RunningJobsTests {
    @Test("a stale attempt's cleanup leaves a newer attempt at the same job registered and stoppable")
    func staleAttemptDoesNotUnregisterNewOne() {
        let running = RunningJobs()
        let now = ContinuousClock.now
        let stale = RunningJobs.Attempt(id: 7, lease: 100)
        let fresh = RunningJobs.Attempt(id: 7, lease: 101)
        running.add(stale, .init(startedAt: now, deadline: now + .seconds(60), task: .init(nil), reason: nil))
        // The lease expired; the rescuer made the job available and this process claimed it again.
        running.add(fresh, .init(startedAt: now, deadline: now + .seconds(60), task: .init(nil), reason: nil))
        #expect(running.count == 2)
        #expect(running.stop(stale, reason: .leaseLost))
        #expect(running.remove(stale) == .leaseLost)
        // The new attempt still renews its lease and can still be cancelled.
        #expect(running.running(longerThan: .zero, now: now + .seconds(1)) == [fresh])
        #expect(running.stop(fresh, reason: .cancelRequested))
        #expect(running.remove(fresh) == .cancelRequested)
        #expect(running.count == 0)
    }
}
