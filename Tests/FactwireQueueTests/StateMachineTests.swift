import Foundation
import Testing

@testable import FactwireQueue

@Suite("Queue state machines (no database)")
struct StateMachineTests {
    @Test(
        "listener health: disconnected polls fast with growing backoff; connected polls slowly; an overdue ping means unhealthy"
    )
    func listenerHealth() {
        var health = ListenerHealth(healthyPoll: .seconds(10), unhealthyPoll: .seconds(1), pingTimeout: .seconds(5))
        #expect(!health.isHealthy)
        #expect(health.pollInterval == .seconds(1))
        #expect(health.disconnected() == .milliseconds(100))
        #expect(health.disconnected() == .milliseconds(200))
        health.connected()
        #expect(health.isHealthy && health.sessions == 1)
        #expect(health.pollInterval == .seconds(10))

        let t0 = ContinuousClock.now
        let nonce = health.pingDue(now: t0) ?? 0
        #expect(nonce != 0)
        #expect(health.pingDue(now: t0) == nil)
        #expect(!health.pingOverdue(now: t0 + .seconds(4)))
        #expect(health.pingOverdue(now: t0 + .seconds(6)))
        health.pingReceived(nonce + 99)
        #expect(health.pingOverdue(now: t0 + .seconds(6)))
        health.pingReceived(nonce)
        #expect(!health.pingOverdue(now: t0 + .seconds(6)))

        #expect(health.disconnected() == .milliseconds(100))
        for _ in 0..<20 { _ = health.disconnected() }
        #expect(health.disconnected() <= .seconds(5))
        health.connected()
        #expect(health.sessions == 2)
    }

    @Test(
        "leader election: only a leader gets maintenance work, each at its interval; leadership lapses after the TTL without renewal"
    )
    func leaderElection() {
        var election = LeaderElection(ttl: .seconds(15), stageInterval: .seconds(1), rescueInterval: .seconds(10))
        let t0 = ContinuousClock.now
        #expect(election.due(now: t0).isEmpty)
        election.elected(true, now: t0)
        #expect(election.due(now: t0) == [.stage, .rescue, .maintainPartitions])
        #expect(election.due(now: t0 + .milliseconds(500)).isEmpty)
        #expect(election.due(now: t0 + .seconds(1)) == [.stage])
        #expect(election.due(now: t0 + .seconds(10)) == [.stage, .rescue])
        election.electionFailed(now: t0 + .seconds(5))
        #expect(election.isLeader)
        election.electionFailed(now: t0 + .seconds(15))
        #expect(!election.isLeader)
        #expect(election.due(now: t0 + .seconds(20)).isEmpty)
        election.elected(false, now: t0 + .seconds(21))
        #expect(!election.isLeader)
    }

    @Test("notify limiter: one wake-up per queue per interval, queues independent")
    func limiter() {
        let limiter = NotifyLimiter(interval: .milliseconds(100))
        let t0 = ContinuousClock.now
        #expect(limiter.admit(["a", "a", "b"], now: t0) == ["a", "b"])
        #expect(limiter.admit(["a", "c"], now: t0 + .milliseconds(50)) == ["c"])
        #expect(limiter.admit(["a"], now: t0 + .milliseconds(100)) == ["a"])
    }

    @Test("backoff grows exponentially with jitter and is capped")
    func backoff() {
        for attempt in Int32(1)...8 {
            let delay = Backoff.exponential(attempt: attempt)
            let full = Duration.seconds(1) * pow(2, Double(attempt - 1))
            #expect(delay >= full * 0.5 && delay <= full)
        }
        #expect(Backoff.exponential(attempt: 1000) <= .seconds(3600))
    }

    @Test("a wake signal given before the wait is not lost; a wait without one times out")
    func wakeSignal() async {
        let signal = WakeSignal()
        signal.signal()
        signal.signal()
        #expect(await signal.wait(timeout: .seconds(30)))
        #expect(await signal.wait(timeout: .milliseconds(20)) == false)
    }
}

@Suite("Claim policy (no database)")
struct ClaimPolicyTests {
    @Test("claims all free slots; nothing free means wait for a finishing job or the poll")
    func freeSlots() {
        var policy = ClaimPolicy(concurrency: 16, linger: .milliseconds(20))
        #expect(policy.next(inFlight: 4, pollInterval: .seconds(10)) == .claim(12))
        var busy = ClaimPolicy(concurrency: 16, linger: .milliseconds(20))
        #expect(busy.next(inFlight: 16, pollInterval: .seconds(10)) == .wait(.seconds(10)))
    }

    @Test("a full batch claims again at once; a partial one lingers; an empty one falls back to the poll")
    func afterClaims() {
        var policy = ClaimPolicy(concurrency: 8, linger: .milliseconds(20))
        #expect(policy.next(inFlight: 0, pollInterval: .seconds(10)) == .claim(8))
        policy.claimed(requested: 8, got: 8)
        #expect(policy.next(inFlight: 6, pollInterval: .seconds(10)) == .claim(2))
        policy.claimed(requested: 2, got: 2)
        #expect(policy.next(inFlight: 8, pollInterval: .seconds(10)) == .wait(.seconds(60)))
        #expect(policy.next(inFlight: 3, pollInterval: .seconds(10)) == .claim(5))
        policy.claimed(requested: 5, got: 1)
        #expect(policy.next(inFlight: 4, pollInterval: .seconds(10)) == .wait(.milliseconds(20)))
        #expect(policy.next(inFlight: 4, pollInterval: .seconds(10)) == .claim(4))
        policy.claimed(requested: 4, got: 0)
        #expect(policy.next(inFlight: 4, pollInterval: .seconds(1)) == .wait(.seconds(1)))
    }
}
