import ArgumentParser
import FactwireRuntime
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Entry point: parses the command line, runs the command, and maps failures to exit codes.
///
/// ArgumentParser exits 64 (EX_USAGE) on a usage error; we exit 2 like getopt, argparse and most Unix
/// tools, which is what scripts test for. Every other failure uses the codes in ``ExitStatus``.
@main
enum FactwireMain {
    static func main() async {
        let command: any ParsableCommand
        do {
            command = try Factwire.parseAsRoot()
        } catch {
            finish(with: error)
        }
        do {
            var command = command
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // Errors of a subcommand's run (its validation, its own usage mistakes) show that subcommand's usage.
            finish(with: error, command: type(of: command))
        }
        exit(0)
    }

    static func finish(with error: any Error, command: any ParsableCommand.Type = Factwire.self) -> Never {
        if let status = error as? any ExitStatusProviding {
            FileHandle.standardError.write(Data("factwire: \(status.exitMessage)\n".utf8))
            if ["debug", "trace"].contains(ProcessInfo.processInfo.environment["LOG_LEVEL"]?.lowercased() ?? "") {
                FileHandle.standardError.write(Data("factwire: debug: \(String(reflecting: error))\n".utf8))
            }
            exit(status.exitStatus.rawValue)
        }
        if let validation = error as? ValidationError, command != Factwire.self {
            // A usage mistake found while running: the subcommand's own usage, with its full name.
            let usage = Factwire.usageString(for: command)
            let name =
                usage.hasPrefix("factwire ")
                ? String(
                    usage.split(separator: " ").prefix(while: {
                        !$0.hasPrefix("[") && !$0.hasPrefix("<") && !$0.hasPrefix("-")
                    }).joined(separator: " ")) : "factwire"
            FileHandle.standardError.write(
                Data(
                    "Error: \(validation.message)\nUsage: \(usage)\n  See '\(name) --help' for more information.\n".utf8
                ))
            exit(ExitStatus.usage.rawValue)
        }
        let code = command.exitCode(for: error)
        let message = command.fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { print(message) }
            exit(0)
        }
        FileHandle.standardError.write(Data((message.isEmpty ? "" : message + "\n").utf8))
        if code == .validationFailure { exit(ExitStatus.usage.rawValue) }
        exit(code.rawValue)
    }
}
