/// Runs `operation` on a task of its own, which the caller's cancellation does not reach, and waits for it.
///
/// For work that must finish although its caller is being cancelled: recording a stopped job's outcome,
/// the leader's resignation NOTIFY, the finisher's loop (whose waits would return at once and spin in a
/// cancelled task). This toolchain has no structured cancellation shield, so this is the queue's one
/// place that starts such a task. The caller still awaits it, so the work ends before its caller does.
func uncancellable<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await Task { try await operation() }.value
}

/// ``uncancellable(_:)`` for work that cannot fail.
func uncancellable<T: Sendable>(_ operation: @escaping @Sendable () async -> T) async -> T {
    await Task { await operation() }.value
}
