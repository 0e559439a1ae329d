import ArgumentParser

extension DatabaseCommand {
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say whether the embedded cluster is running, and where.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let cluster = DatabaseCommand.cluster(global, keepRunning: false)
            if let endpoint = cluster.runningEndpoint() {
                // The URL as psql takes it, password included (the same as `db start` prints).
                print("running: \(endpoint.url)")
                print("  psql '\(endpoint.url)'")
                print("  unix socket: \(endpoint.socketDirectory)/.s.PGSQL.\(endpoint.port)")
            } else {
                print("not running (data in \(cluster.paths.data))")
                throw ExitCode(3)
            }
        }
    }
}
