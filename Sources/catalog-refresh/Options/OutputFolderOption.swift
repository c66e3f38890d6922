import ArgumentParser

/// `--output`, for the commands that read what a run wrote there.
struct OutputFolderOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The output folder a run wrote with --output (default: the spec's output folder).", valueName: "dir"))
    var output: String?
}
