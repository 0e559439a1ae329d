import ArgumentParser

extension DatabaseCommand {
    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the embedded cluster, whoever started it.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let cluster = DatabaseCommand.cluster(global, keepRunning: false)
            let stopped = try await cluster.stopRunningServer()
            print(stopped ? "stopped" : "not running")
        }
    }
}
