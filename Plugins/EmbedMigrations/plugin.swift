import Foundation
import PackagePlugin

/// Embeds the package's top-level `migrations/*.sql` into the target as a generated Swift source.
///
/// The folder stays plain SQL in golang-migrate's form so standard tools can read it; the binary carries
/// the same bytes, and a test checks that the two sets are equal.
@main
struct EmbedMigrations: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "migrations")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".sql") }
            .sorted()
            .map { folder.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedMigrationFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) migration files",
                executable: try context.tool(named: "MigrationEmbedder").url,
                arguments: [folder.path, output.path],
                inputFiles: files + [folder],
                outputFiles: [output]
            )
        ]
    }
}
