import ArgumentParser

/// `--format text|json`: text for people, JSON for CI and scripts.
struct OutputFormatOption: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "Output format: text or json.")
    var format: Format = .text
}
