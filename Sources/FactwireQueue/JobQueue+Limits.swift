extension JobQueue {
    // MARK: Global limits and periodic jobs

    /// At most `maxRunning` jobs of `kind` run at once across every worker; with `partitionBy`, at most
    /// that many per value of that argument (jobs without it share one partition). Claims that start
    /// after this call obey it; jobs already running are not stopped.
    public func setLimit(kind: String, maxRunning: Int, partitionBy: String? = nil) async throws {
        guard (1...128).contains(kind.utf8.count) else {
            throw FactwireQueueError(.invalidRequest, message: "job kinds are 1 to 128 bytes")
        }
        guard maxRunning > 0, maxRunning <= Int(Int32.max) else {
            throw FactwireQueueError(.invalidRequest, message: "a limit is at least 1; got \(maxRunning)")
        }
        if let partitionBy, !(1...128).contains(partitionBy.utf8.count) {
            throw FactwireQueueError(.invalidRequest, message: "the partition argument's name is 1 to 128 bytes")
        }
        try await client.withConnection { connection in
            try await QueueSQL.setLimit(
                kind: kind, maxRunning: Int32(maxRunning), partitionBy: partitionBy, on: connection,
                logger: self.logger)
        }
    }

    /// Removes `kind`'s limit. Returns false when it had none.
    @discardableResult
    public func removeLimit(kind: String) async throws -> Bool {
        try await client.withConnection { try await QueueSQL.removeLimit(kind: kind, on: $0, logger: self.logger) }
    }

    /// Every limit, with the jobs running and waiting under it.
    public func limits() async throws -> [KindLimit] {
        try await client.withConnection { try await QueueSQL.limits(on: $0, logger: self.logger) }
    }

    /// The periodic jobs workers have registered, with their last and next ticks.
    public func periodicJobs() async throws -> [PeriodicJobState] {
        try await client.withConnection { try await QueueSQL.periodicJobs(on: $0, logger: self.logger) }
    }
}
