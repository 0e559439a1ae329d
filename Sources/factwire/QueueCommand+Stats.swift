import ArgumentParser
import FactwireQueue
import Foundation

extension QueueCommand {
    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Jobs per queue and state, oldest wait, dead letters.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "One JSON object per line instead of a table.") var json = false

        func run() async throws {
            let json = self.json
            let (stats, limits) = try await QueueCommand.withQueue(global) { try await ($0.stats(), $0.limits()) }
            if json {
                for row in stats { try QueueCommand.printJSON(row) }
                if stats.isEmpty { FileHandle.standardError.write(Data("(no jobs)\n".utf8)) }
                return
            }
            for line in QueueStats.table(stats) { print(line) }
            if !limits.isEmpty { print("\nLIMITS\n" + KindLimit.table(limits).joined(separator: "\n")) }
        }
    }
}
