public import FactwireQueue
import FactwireStore
import Foundation
public import PostgresNIO

/// The `factwire.reprocess` job: queue every article extracted by another extractor version for
/// extraction again (what `factwire reprocess` does by hand). The ingest worker runs it on a schedule
/// when `--reprocess-schedule` is set, so a deploy with a new extractor brings old articles up to date
/// overnight. The ingest jobs it queues carry unique keys: running it twice queues nothing twice.
public struct ReprocessHandler: JobHandler {
    public struct Arguments: Codable, Sendable {}

    public static let kind = "factwire.reprocess"

    let client: PostgresClient

    public init(client: PostgresClient) { self.client = client }

    /// A nightly run as a periodic job on the ingest queue; a night with no worker up runs once on return.
    public static func nightly(schedule: CronExpression) throws -> PeriodicJob {
        try PeriodicJob(
            name: "factwire.reprocess-stale", kind: kind, schedule: .cron(schedule), queue: IngestHandler.queue,
            missed: .runOnce)
    }

    public func handle(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome {
        let queued = try await DocumentStore(client: client, logger: context.logger).requeue(
            all: false, failed: false, currentVersion: IngestHandler.extractorVersion, queue: IngestHandler.queue,
            kind: IngestHandler.kind)
        context.logger.info("queued articles of older extractor versions", metadata: ["queued": "\(queued)"])
        return .complete(resultJSON: #"{"queued":\#(queued)}"#)
    }
}
