import ArgumentParser

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
        subcommands: [
            ValidateCommand.self, PlanCommand.self, RunCommand.self, RetryCommand.self, StatusCommand.self,
            ManifestCommand.self, ReviewCommand.self, ApproveCommand.self, RejectCommand.self, ExportCommand.self,
            FeedCommand.self, SimulatorCommand.self,
        ])
}
