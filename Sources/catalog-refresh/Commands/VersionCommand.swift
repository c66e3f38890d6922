import ArgumentParser
import CatalogModel

/// `catalog-refresh version`: the same line as `--version`, for people (and scripts) that try
/// a subcommand first.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the version (the one report.json and manifest.json record under provenance).")

    func run() {
        Console.out(CatalogRefreshVersion.current)
    }
}
