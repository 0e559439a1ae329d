import ArgumentParser
import FactwireQueue

extension QueueCommand {
    /// `factwire queue limit`: global concurrency limits per job kind.
    struct Limit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set, show or remove a limit on how many jobs of a kind run at once across all workers.",
            discussion: """
                factwire queue limit factwire.sleep 3            # at most 3 running, whichever workers
                factwire queue limit factwire.ingest 2 --by host  # at most 2 per value of the "host" argument
                factwire queue limit factwire.sleep --remove
                factwire queue limit                              # every limit
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The job kind.") var kind: String?
        @Argument(help: "At most this many running at once (1 or more).") var maximum: Int?
        @Option(help: ArgumentHelp("Count per value of this argument of the job.", valueName: "argument"))
        var by: String?
        @Flag(help: "Remove the kind's limit.") var remove = false
        @Flag(help: "One JSON object per line instead of a table.") var json = false

        func validate() throws {
            if remove, kind == nil || maximum != nil { throw ValidationError("--remove takes a kind and no number") }
            if maximum != nil || by != nil, kind == nil { throw ValidationError("name the kind to limit") }
            if by != nil, maximum == nil { throw ValidationError("--by needs the number of jobs") }
            if let maximum, maximum < 1 { throw ValidationError("a limit is at least 1") }
        }

        func run() async throws {
            let (kind, maximum, by, remove) = (self.kind, self.maximum, self.by, self.remove)
            let limits = try await QueueCommand.withQueue(global) { queue -> [KindLimit] in
                if let kind, remove {
                    if try await !queue.removeLimit(kind: kind) {
                        throw QueueCommandError(message: "no limit on \(kind)")
                    }
                } else if let kind, let maximum {
                    try await queue.setLimit(kind: kind, maxRunning: maximum, partitionBy: by)
                }
                return try await queue.limits()
            }
            if json { return try limits.forEach(QueueCommand.printJSON) }
            print(KindLimit.table(limits).joined(separator: "\n"))
        }
    }
}
