public import Testing

/// Waiting for a condition in tests that watch other processes or a database: checks every 100 ms and
/// records an issue (instead of hanging) when `limit` passes.
public enum Poll {
    public static func until(
        _ what: String, limit: Duration = .seconds(120), sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out after \(limit) waiting until \(what)", sourceLocation: sourceLocation)
    }
}
