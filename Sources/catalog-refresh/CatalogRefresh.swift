import ArgumentParser
import CatalogModel
import Foundation

@main
struct CatalogRefresh: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog-refresh",
        abstract: "Refresh product imagery for a catalog with GPT Image 2 on EvoLink.",
        discussion: """
            Reads a product feed, renders the pipeline spec's prompt for every product × variant, generates the \
            images (against the embedded EvoLink simulator when EVOLINK_API_KEY is not set), stores them and \
            writes an approval manifest and review page.
            """,
        version: CatalogRefreshVersion.current,
        subcommands: [
            ValidateCommand.self, PlanCommand.self, RunCommand.self, RetryCommand.self, StatusCommand.self,
            ManifestCommand.self, ReviewCommand.self, ApproveCommand.self, RejectCommand.self, ExportCommand.self,
            FeedCommand.self, SimulatorCommand.self, RecoverCommand.self, VersionCommand.self,
        ])

    /// ArgumentParser's own loop, but a command-line error of a run asked to log JSON is a JSON
    /// event like everything else it writes, not a line of plain text in the log.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            guard code != .success, logsJSON(CommandLine.arguments) else { exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty {
                Console.use(.json)
                Console.error(message, event: "usage")
            }
            Foundation.exit(code.rawValue)
        }
    }

    /// `--log-format json` or `--log-format=json` among the arguments.
    static func logsJSON(_ arguments: [String]) -> Bool {
        arguments.contains("--log-format=json")
            || zip(arguments, arguments.dropFirst()).contains { $0 == "--log-format" && $1 == "json" }
    }
}
