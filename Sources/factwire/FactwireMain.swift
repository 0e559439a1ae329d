#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation

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
            finish(with: error)
        }
        exit(0)
    }

    static func finish(with error: any Error) -> Never {
        if let status = error as? any ExitStatusProviding {
            FileHandle.standardError.write(Data("factwire: \(status.exitMessage)\n".utf8))
            if ["debug", "trace"].contains(ProcessInfo.processInfo.environment["LOG_LEVEL"]?.lowercased() ?? "") {
                FileHandle.standardError.write(Data("factwire: debug: \(String(reflecting: error))\n".utf8))
            }
            exit(status.exitStatus.rawValue)
        }
        let code = Factwire.exitCode(for: error)
        let message = Factwire.fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { print(message) }
            exit(0)
        }
        FileHandle.standardError.write(Data((message.isEmpty ? "" : message + "\n").utf8))
        if code == .validationFailure { exit(ExitStatus.usage.rawValue) }
        exit(code.rawValue)
    }
}
