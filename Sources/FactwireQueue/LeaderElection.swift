/// Whether this process leads maintenance, and when to do what. Pure: the leader loop executes it.
struct LeaderElection: Sendable, Equatable {
    enum Action: Sendable, Equatable {
        case stage, rescue, maintainPartitions
    }

    let ttl: Duration
    let stageInterval: Duration
    let rescueInterval: Duration
    let partitionInterval: Duration
    private(set) var isLeader = false
    private var lastRenewal: ContinuousClock.Instant?
    private var lastStage: ContinuousClock.Instant?
    private var lastRescue: ContinuousClock.Instant?
    private var lastPartitions: ContinuousClock.Instant?

    init(ttl: Duration, stageInterval: Duration, rescueInterval: Duration, partitionInterval: Duration = .seconds(3600))
    {
        self.ttl = ttl
        self.stageInterval = stageInterval
        self.rescueInterval = rescueInterval
        self.partitionInterval = partitionInterval
    }

    /// The result of an election attempt.
    mutating func elected(_ won: Bool, now: ContinuousClock.Instant) {
        if won {
            if !isLeader {
                lastStage = nil
                lastRescue = nil
                lastPartitions = nil
            }
            isLeader = true
            lastRenewal = now
        } else {
            isLeader = false
        }
    }

    /// The election could not be run (database unreachable). Leadership lapses once the TTL may have
    /// run out, so two processes never both believe they lead for long.
    mutating func electionFailed(now: ContinuousClock.Instant) {
        if let lastRenewal, now - lastRenewal >= ttl { isLeader = false }
    }

    /// The maintenance work due now (empty unless leading); marks it as done.
    mutating func due(now: ContinuousClock.Instant) -> [Action] {
        guard isLeader else { return [] }
        var actions: [Action] = []
        if lastStage.map({ now - $0 >= stageInterval }) ?? true {
            actions.append(.stage)
            lastStage = now
        }
        if lastRescue.map({ now - $0 >= rescueInterval }) ?? true {
            actions.append(.rescue)
            lastRescue = now
        }
        if lastPartitions.map({ now - $0 >= partitionInterval }) ?? true {
            actions.append(.maintainPartitions)
            lastPartitions = now
        }
        return actions
    }
}
