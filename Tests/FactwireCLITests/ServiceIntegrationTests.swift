import EmbeddedPostgres
import FactwireStore
import FactwireTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// How a worker process fits its supervisor: systemd's readiness protocol and a Prometheus scrape.
@Suite("Worker processes under systemd and Prometheus", .serialized, .timeLimit(.minutes(3)))
struct ServiceIntegrationTests {
    /// A datagram socket playing systemd's side of `Type=notify`.
    final class NotifySocket {
        let path: String
        let fd: Int32

        init() throws {
            path = NSTemporaryDirectory() + "fw-notify-\(UUID().uuidString.prefix(8)).sock"
            fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { buffer in
                for (index, byte) in path.utf8.enumerated() { buffer[index] = byte }
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard fd >= 0, bound == 0 else { throw CocoaError(.fileWriteUnknown) }
        }

        /// Messages received within `limit`, until one contains `until`. It polls without blocking: a `recv` that
        /// waits would hold one of the cooperative pool's threads (one per core) for as long as the worker takes.
        func receive(until: String, limit: Duration) async throws -> [String] {
            var messages: [String] = []
            let deadline = ContinuousClock.now + limit
            var buffer = [UInt8](repeating: 0, count: 4096)
            while ContinuousClock.now < deadline {
                let n = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                guard n > 0 else {
                    try await Task.sleep(for: .milliseconds(50))
                    continue
                }
                let message = String(decoding: buffer[0..<n], as: UTF8.self)
                messages.append(message)
                if message.contains(until) { break }
            }
            return messages
        }

        deinit {
            close(fd)
            unlink(path)
        }
    }

    @Test(
        "an ingest worker under NOTIFY_SOCKET says READY=1 once running and STOPPING=1 on SIGTERM; its /metrics is Prometheus text"
    )
    func notifyAndMetrics() async throws {
        let database = try await TestPostgres.makeDatabase("svc_notify")
        let folder = NSTemporaryDirectory() + "fw-svc-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let notify = try NotifySocket()
        let port = try #require(FreePort.find())
        let worker = try FactwireBinary.start(
            ["ingest-worker", "--metrics-listen", "127.0.0.1:\(port)"], outputPath: "\(folder)/worker.log",
            environment: ["DATABASE_URL": FactwireBinary.url(database), "NOTIFY_SOCKET": notify.path]
        )
        defer {
            worker.send(SIGKILL)
            _ = worker.waitForExit()
        }
        let ready = try await notify.receive(until: "READY=1", limit: .seconds(60))
        #expect(ready.contains("READY=1"), "\(ready) \(worker.output)")

        // The counters appear when the worker starts; the leader and listener gauges once those have run a
        // first round (under load, a few seconds later): wait for the gauges, not for any metric.
        func hasGauges(_ body: String) -> Bool {
            body.contains("# TYPE factwire_queue_leader gauge") || body.contains("factwire_queue_listener_healthy")
        }
        var body = ""
        for _ in 0..<150 where !hasGauges(body) {
            if let (data, _) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/metrics")!)
            {
                body = String(decoding: data, as: UTF8.self)
            }
            if !hasGauges(body) { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(hasGauges(body), "\(body.prefix(500)) \(worker.output.suffix(1500))")

        worker.send(SIGTERM)
        let stopping = try await notify.receive(until: "STOPPING=1", limit: .seconds(30))
        #expect(stopping.contains("STOPPING=1"), "\(stopping)")
        #expect(await worker.exited() == 0, "\(worker.output.suffix(1000))")
    }

    @Test(
        "factwire up stops cleanly on SIGINT with exit 130 and on SIGTERM with exit 143, as the README's exit codes say"
    )
    func upExitCodes() async throws {
        let database = try await TestPostgres.makeDatabase("svc_up_exit")
        let folder = NSTemporaryDirectory() + "fw-up-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (signal, expected) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            let port = try #require(FreePort.find())
            let up = try FactwireBinary.start(
                ["up", "--home", folder, "--listen", "127.0.0.1:\(port)"], outputPath: "\(folder)/up-\(signal).log",
                environment: ["DATABASE_URL": FactwireBinary.url(database)])
            try await Poll.until("factwire up serves", limit: .seconds(120)) { up.output.contains("factwire up:") }
            up.send(signal)
            #expect(await up.exited() == expected, "\(up.output.suffix(1000))")
        }
    }

    @Test("an address in use is named, with --listen as the way out (exit 1, no raw error)")
    func addressInUse() async throws {
        let database = try await TestPostgres.makeDatabase("svc_in_use")
        // Hold a port the way another server would.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        listen(fd, 1)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let folder = NSTemporaryDirectory() + "fw-in-use-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Bounded below the suite's limit, so that a hang fails here with the command's output (and backtrace).
        let result = try await FactwireBinary.execute(
            ["up", "--home", folder, "--listen", "127.0.0.1:\(port)"],
            environment: ["DATABASE_URL": FactwireBinary.url(database)], limit: .seconds(120))
        #expect(result.exitCode == 1, "\(result.output)")
        #expect(
            result.output.contains("127.0.0.1:\(port) is already in use") && result.output.contains("--listen"),
            "\(result.output)")
    }
}
