import ArgumentParser
import JobStore

/// `catalog-refresh approve`: see `ReviewDecisionCommand`.
struct ApproveCommand: ReviewDecisionCommand {
    static let state = ReviewState.approved
    static let configuration = makeConfiguration(name: "approve", verb: "approve")

    @Argument(help: ArgumentHelp("The pipeline spec (YAML).", valueName: "spec.yml"))
    var spec: String

    @OptionGroup var selection: ReviewSelectionOptions

    @OptionGroup var folder: OutputFolderOption

    @Option(help: ArgumentHelp("Import decisions from a JSON file (`-` for stdin).", valueName: "decisions.json"))
    var from: String?
}
