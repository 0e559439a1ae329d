import EmbeddedPostgres
import FactwireStore
import FactwireTesting
import Foundation
import PostgresNIO
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The relay behind multi-host URLs, against the test server: it skips a host that does not answer, relays
/// real sessions, and refuses to start, naming each host, when none matches `target_session_attrs`. The
/// failover itself (a primary killed, a standby promoted) is the slow `FailoverTests` drill.
@Suite("Database relay for multi-host URLs")
struct DatabaseRelayTests {
    static let logger = TestPostgres.logger

    /// Probes may take this long: in a full parallel run on two cores the live test server has missed a 2 s probe.
    /// The closed port is refused at once whatever the limit, so the tests stay about what a scan finds.
    static let probeTimeout = Duration.seconds(30)

    /// The test server's configuration with a closed port listed first, or `first` when given.
    static func twoHosts(_ attributes: TargetSessionAttributes, first: Int? = nil) async throws
        -> DatabaseConfiguration
    {
        let server = try await TestPostgres.server()
        var configuration = server
        let closed = try first ?? #require(FreePort.find())
        configuration.hosts = [
            DatabaseHost(host: "127.0.0.1", port: closed),
            DatabaseHost(host: server.host ?? "127.0.0.1", port: server.port)
        ]
        configuration.host = "127.0.0.1"
        configuration.port = closed
        configuration.targetSessionAttributes = attributes
        return try DatabaseConfiguration(url: configuration.url)
    }

    @Test("a host that does not answer is skipped; sessions go to the next one that is read-write")
    func skipsDeadHost() async throws {
        let upstream = try await Self.twoHosts(.readWrite)
        let relay = DatabaseRelay(upstream: upstream, probeTimeout: Self.probeTimeout, logger: Self.logger)
        let local = try await relay.start(timeout: .seconds(10))
        #expect(relay.target == upstream.hosts[1])
        #expect(local.host == "127.0.0.1" && local.port != upstream.hosts[1].port)
        let running = Task { await relay.run() }
        defer { running.cancel() }
        try await TestPostgres.withClient(local) { client throws in
            for _ in 0..<20 {
                let rows = try await client.query("SELECT pg_is_in_recovery()", logger: Self.logger)
                for try await inRecovery in rows.decode(Bool.self) { #expect(!inRecovery) }
            }
        }
        #expect(relay.switches == 0)
    }

    @Test("no host matches target_session_attrs=standby: start fails and names every host with its reason")
    func noMatch() async throws {
        let upstream = try await Self.twoHosts(.standby)
        let relay = DatabaseRelay(upstream: upstream, probeTimeout: Self.probeTimeout, logger: Self.logger)
        await #expect {
            // The relay scans until the deadline and reports its last scan.
            _ = try await relay.start(timeout: .seconds(5))
        } throws: { error in
            let text = "\(error)"
            return text.contains("standby") && text.contains("\(upstream.hosts[0]): no answer")
                && text.contains("\(upstream.hosts[1]): read-write")
        }
    }

    /// A loopback port that takes TCP connections and never says a word: the kernel completes each
    /// handshake into the listen backlog, and nothing ever accepts or answers. A server hung this way (or
    /// a connection whose peer died unseen) leaves a probe waiting on a reply that never comes.
    static func silentListener() throws -> (socket: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    @Test(
        "a host that takes the connection and never answers is given up at the probe timeout, and the scan goes on",
        .timeLimit(.minutes(1)))
    func skipsSilentHost() async throws {
        let silent = try Self.silentListener()
        defer { close(silent.socket) }
        let upstream = try await Self.twoHosts(.readWrite, first: silent.port)
        // Short enough for the silent host to time out within the test's limit; a missed probe of the live
        // server only makes the relay scan again before its start deadline.
        let relay = DatabaseRelay(upstream: upstream, probeTimeout: .seconds(3), logger: Self.logger)
        _ = try await relay.start(timeout: .seconds(40))
        #expect(relay.target == upstream.hosts[1])
    }
}
