import FactwireCore
public import Foundation

extension JobWorker {
    /// How a worker process claims, runs and maintains jobs. Every duration has a production default.
    public struct Configuration: Sendable {
        /// Queues to work, with how many jobs of each may run at once in this process.
        public var queues: [String: Int]
        /// This process's id in `leased_by` and in the leader table.
        public var workerID = UUID()
        /// A claim is ours this long unless extended; a crashed worker's jobs run again after it. Default 30 s.
        public var leaseDuration: Duration = .seconds(30)
        /// The hard limit of one attempt, however often its lease is extended. Default 15 min.
        public var deadline: Duration = .seconds(900)
        /// Listen for wake-ups (NOTIFY). Off behind PgBouncer in transaction mode unless the worker has a direct
        /// listen connection (`JobWorker(client:listenClient:…)`): then polling only. Default true.
        public var listen = true
        /// Poll this often while the listener is healthy (a backstop). Default 10 s.
        public var healthyPollInterval: Duration = .seconds(10)
        /// Poll this often while it is not. Default 1 s.
        public var unhealthyPollInterval: Duration = .seconds(1)
        /// After a claim that found jobs, claim again after this long (and keep doing so while claims find
        /// work) before falling back to the poll interval. Catches jobs whose wake-up the enqueuer's rate
        /// limiter suppressed. Default 20 ms (twice ``JobQueue/Configuration/notifyInterval``).
        public var lingerInterval: Duration = .milliseconds(20)
        /// Self-ping the listener this often. Default 10 s.
        public var pingInterval: Duration = .seconds(10)
        /// A ping not back after this means the listener is dead. Default 5 s.
        public var pingTimeout: Duration = .seconds(5)
        /// Take part in leader election and run maintenance when elected. Default true.
        public var maintenance = true
        /// The leader lease. Default 15 s.
        public var leaderTTL: Duration = .seconds(15)
        /// Promote due scheduled/retryable jobs this often. Default 1 s.
        public var stageInterval: Duration = .seconds(1)
        /// Look for expired leases this often. Default 10 s.
        public var rescueInterval: Duration = .seconds(10)
        /// The leader logs a warning (once a minute at most) when a transaction has held the xmin horizon
        /// longer than this: vacuum cannot remove the dead job rows behind it, and claims slow down.
        /// Default 30 s.
        public var horizonWarning: Duration = .seconds(30)
        /// A stopped job's handler (lost lease, cancel, deadline, shutdown) gets this long to return after
        /// its task is cancelled; a handler that ignores cancellation is then abandoned, so it can neither
        /// keep its lease alive nor keep the worker from exiting. Default 5 s.
        public var abandonGrace: Duration = .seconds(5)
        /// Every database call of the runtime (claim, completion, heartbeat, maintenance) that has not
        /// returned after this long is cancelled, and abandoned if it ignores that: a call on a connection
        /// that died in a database crash without the driver noticing would otherwise wait forever and hold
        /// the slot, the job or the claim loop with it. The job is then rescued after its lease. Default 30 s.
        public var callTimeout: Duration = .seconds(30)
        /// After this many claims in a row time out while ``databaseProbe`` reaches the database on a fresh
        /// connection, the connection pool is taken to be stuck: the worker stops with
        /// ``FactwireQueueError/Code/poolStuck`` so its supervisor starts a fresh process (crash-only
        /// recovery). Default 3.
        public var stuckClaimLimit = 3
        /// Opens a connection outside the pool and returns whether the database answered. Nil: no
        /// stuck-pool detection (claims keep timing out and retrying).
        public var databaseProbe: (@Sendable () async -> Bool)?
        /// Jobs the maintenance leader enqueues on a schedule. Register the same ones on every worker; with
        /// ``maintenance`` off, this worker never enqueues them. Default none.
        public var periodicJobs: [PeriodicJob] = []
        /// Keep history partitions this many days. Default 7.
        public var retentionDays = 7
        /// On shutdown, let running jobs finish for this long, then cancel and release them. Default 25 s.
        public var drainTimeout: Duration = .seconds(25)
        /// Send `factwire_events` notifications when jobs finish. Default true.
        public var events = true
        /// Keep completed jobs in `factwire.job_history` (for ``JobQueue/job(id:)``, the API's job routes and
        /// the dashboard's counts) until ``retentionDays``. Off: a completed job's row is deleted when it
        /// completes, as graphile-worker does and as pgmq's consumers do with `delete`, which saves the
        /// history insert on the busiest path. Its `factwire_events` notification is still sent; cancelled,
        /// discarded and dead-lettered jobs are still recorded. For high-volume queues whose results live in
        /// your own tables. Default true.
        public var keepCompletedJobs = true
        /// Called for every ``WorkerEvent``.
        public var observer: (@Sendable (WorkerEvent) -> Void)?

        /// A configuration for `queues` with production defaults.
        public init(queues: [String: Int]) {
            self.queues = queues
        }

        var leaseSeconds: Double { leaseDuration.seconds }
        var finishMode: QueueSQL.FinishMode { .init(events: events, keepCompleted: keepCompletedJobs) }
        var deadlineSeconds: Double { deadline.seconds }
    }
}
