import EmbeddedPostgres
import FactwireQueue
import FactwireStore
import FactwireTesting
import Foundation
import PostgresNIO
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A worker on "another host" (its own network namespace, reached over a veth pair) loses its link in
/// the middle of a job. Its lease expires, another worker completes the job, the link comes back, and
/// the stale worker's completion is refused by the lease fence: the job completes once.
@Suite(
    "Faults: network partition with fencing", .serialized, .timeLimit(.minutes(3)),
    .enabled(if: PrivateLink.available, "needs root and iproute2 (`ip netns`) to build a private link"))
struct PartitionTests {
    static let logger = TestPostgres.logger

    @Test(
        "the link of a worker in another namespace is cut mid-job: another worker completes the job; the stale completion is rejected and counted as a lost lease"
    )
    func partition() async throws {
        let link = try PrivateLink()
        defer { link.remove() }
        let folder = NSTemporaryDirectory() + "fw-partition-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var clusterConfiguration = EmbeddedPostgres.Configuration(home: "\(folder)/pg")
        clusterConfiguration.binDirectory = try TestPostgres.binaries().directory
        clusterConfiguration.durable = false
        // Loopback for this side, the private link for the other host; nothing else.
        clusterConfiguration.serverSettings = ["listen_addresses": "127.0.0.1,\(link.hostAddress)"]
        let cluster = EmbeddedPostgres(configuration: clusterConfiguration, logger: Self.logger)
        let endpoint = try await cluster.start()
        defer { try? cluster.stopBlocking() }
        let hba = cluster.paths.data + "/pg_hba.conf"
        let rules = try String(contentsOfFile: hba, encoding: .utf8)
        try (rules + "\nhost all all \(link.hostAddress)/30 scram-sha-256\n").write(
            toFile: hba, atomically: false, encoding: .utf8)
        let database = try DatabaseConfiguration(url: endpoint.url)
        try await database.createDatabaseIfMissing(logger: Self.logger)

        try await TestPostgres.withClient(database) { client throws in
            _ = try await client.query("SELECT pg_reload_conf()", logger: Self.logger)
            try await Migrator(logger: Self.logger).migrate(client: client)
            let queue = JobQueue(client: client, logger: Self.logger)
            // Sleeps 4 s on its first attempt, completes at once on a later one.
            let id = try await queue.enqueue(
                NewJob(queue: "partition", kind: "factwire.sleep", argumentsJSON: #"{"ms":4000,"attempts":1}"#)
            ).id
            let timing = [
                "--queue", "partition=1", "--lease-seconds", "2", "--rescue-seconds", "0.5", "--stage-seconds", "0.2"
            ]

            let remoteURL = endpoint.url.replacingOccurrences(of: "@127.0.0.1:", with: "@\(link.hostAddress):")
            let stale = try ProcessRunner.start(
                [
                    PrivateLink.ip, "netns", "exec", link.namespace, FactwireBinary.path, "queue", "work",
                    "--no-maintenance", "--no-migrate",
                    "--events-file", "\(folder)/stale.ndjson"
                ] + timing,
                outputPath: "\(folder)/stale.log", environment: ["DATABASE_URL": remoteURL]
            )
            defer {
                stale.send(SIGKILL)
                _ = stale.waitForExit()
            }
            try await QueueProcessTests.waitUntil("the worker across the link starts the job", limit: .seconds(90)) {
                QueueProcessTests.events("\(folder)/stale.ndjson").contains { $0.event == "started" && $0.id == id }
            }
            try link.set(up: false)
            let cut = Date()

            let other = try FactwireBinary.start(
                ["queue", "work", "--no-migrate", "--events-file", "\(folder)/other.ndjson"] + timing,
                outputPath: "\(folder)/other.log", environment: ["DATABASE_URL": endpoint.url]
            )
            defer {
                other.send(SIGKILL)
                _ = other.waitForExit()
            }
            try await QueueProcessTests.waitUntil(
                "the job is completed on this side of the partition", limit: .seconds(90)
            ) {
                try await QueueProcessTests.count(
                    client, "SELECT count(*)::int8 FROM factwire.job_history WHERE id = \(id)") == 1
            }
            let takeover = Date().timeIntervalSince(cut)
            // Let the stale worker finish its sleep while cut off, then heal the partition.
            try await Task.sleep(for: .seconds(3))
            try link.set(up: true)
            let healed = Date()
            try await QueueProcessTests.waitUntil("the stale worker learns it lost the lease", limit: .seconds(90)) {
                QueueProcessTests.events("\(folder)/stale.ndjson").contains { $0.event == "leaseLost" && $0.id == id }
            }
            let staleEvents = QueueProcessTests.events("\(folder)/stale.ndjson")
            #expect(
                !staleEvents.contains { $0.event == "finished" && $0.id == id }, "the stale worker recorded a result")
            #expect(
                QueueProcessTests.events("\(folder)/other.ndjson").contains {
                    $0.event == "finished" && $0.id == id && $0.status == "completed"
                })
            let rows = try await client.query(
                "SELECT final_state::text, attempt FROM factwire.job_history WHERE id = \(id)", logger: Self.logger
            )
            var outcomes: [(String, Int32)] = []
            for try await row in rows.decode((String, Int32).self) { outcomes.append(row) }
            #expect(outcomes.count == 1 && outcomes.first?.0 == "completed" && outcomes.first?.1 == 2, "\(outcomes)")
            #expect(try await QueueProcessTests.count(client, "SELECT count(*)::int8 FROM factwire.jobs") == 0)
            // The stale worker is still alive and serving: a partition is not a crash.
            #expect(kill(stale.pid, 0) == 0)
            print(
                "partition: job completed by the other worker \(String(format: "%.2f", takeover)) s after the cut; stale completion rejected \(String(format: "%.2f", Date().timeIntervalSince(healed))) s after the link came back"
            )
        }
    }
}

/// A network namespace joined to this one by a veth pair: `hostAddress` here, `guestAddress` there.
struct PrivateLink {
    /// iproute2's `ip`, or "" when it is not installed.
    static let ip =
        ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? ""

    /// Root with iproute2 and network namespaces: what this machine and CI have.
    static var available: Bool {
        guard getuid() == 0, !ip.isEmpty else { return false }
        let probe = "fwprobe\(getpid() % 10_000)"
        defer { _ = try? ProcessRunner.run([Self.ip, "netns", "del", probe]) }
        return (try? ProcessRunner.run([Self.ip, "netns", "add", probe]).exitCode) == 0
    }

    let namespace: String
    let hostInterface: String
    let hostAddress: String
    let guestAddress: String

    init() throws {
        let tag = String(UUID().uuidString.prefix(6)).lowercased()
        let subnet = Int.random(in: 1...250)
        namespace = "fwns\(tag)"
        hostInterface = "fwh\(tag)"
        hostAddress = "10.213.\(subnet).1"
        guestAddress = "10.213.\(subnet).2"
        let guestInterface = "fwg\(tag)"
        for command in [
            [Self.ip, "netns", "add", namespace],
            [Self.ip, "link", "add", hostInterface, "type", "veth", "peer", "name", guestInterface],
            [Self.ip, "link", "set", guestInterface, "netns", namespace],
            [Self.ip, "addr", "add", "\(hostAddress)/30", "dev", hostInterface],
            [Self.ip, "link", "set", hostInterface, "up"],
            [Self.ip, "-n", namespace, "addr", "add", "\(guestAddress)/30", "dev", guestInterface],
            [Self.ip, "-n", namespace, "link", "set", guestInterface, "up"],
            [Self.ip, "-n", namespace, "link", "set", "lo", "up"]
        ] {
            let result = try ProcessRunner.run(command)
            guard result.exitCode == 0 else {
                remove()
                throw LinkError(message: "\(command.joined(separator: " ")) failed: \(result.output)")
            }
        }
    }

    /// Cuts (false) or restores (true) the link: packets in flight are simply lost, as in a partition.
    func set(up: Bool) throws {
        let result = try ProcessRunner.run([Self.ip, "link", "set", hostInterface, up ? "up" : "down"])
        guard result.exitCode == 0 else { throw LinkError(message: result.output) }
    }

    func remove() {
        _ = try? ProcessRunner.run([Self.ip, "link", "del", hostInterface])
        _ = try? ProcessRunner.run([Self.ip, "netns", "del", namespace])
    }
}

struct LinkError: Error { var message: String }
