import ArgumentParser
import JobStore

/// `catalog-refresh reject`: see `ReviewDecisionCommand`.
struct RejectCommand: ReviewDecisionCommand {
    static let state = ReviewState.rejected
    static let configuration = makeConfiguration(name: "reject", verb: "reject")

    @Argument(help: ArgumentHelp("The pipeline spec (YAML).", valueName: "spec.yml"))
    var spec: String

    @OptionGroup var selection: ReviewSelectionOptions

    @OptionGroup var folder: OutputFolderOption

    @Option(help: ArgumentHelp("Import decisions from a JSON file (`-` for stdin).", valueName: "decisions.json"))
    var from: String?
}
