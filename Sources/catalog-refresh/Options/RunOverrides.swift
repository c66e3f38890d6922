import ArgumentParser

/// Settings a nightly job may override without editing the spec.
struct RunOverrides: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("Read this feed instead of the spec's (a path, or an http(s) URL).", valueName: "path|url"))
    var feed: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write images, manifests and state here instead of the spec's output folder.", valueName: "dir"))
    var output: String?

    @Option(
        name: .customLong("api-base-url"),
        help: ArgumentHelp(
            "Send requests to this EvoLink-compatible server (e.g. a standalone simulator).", valueName: "url"))
    var apiBaseURL: String?

    @Option(
        name: .customLong("server-time-scale"),
        help: ArgumentHelp(
            "With --api-base-url: the server's time scale (a simulator started with --time-scale), to poll and back off at its pace.",
            valueName: "factor"))
    var serverTimeScale: Double?

    @Option(
        name: .customLong("log-format"),
        help: """
            Standard error: text (a live line on a terminal, one line per job otherwise) or json (one object \
            per line: time, level, event and its fields; money in USD as numbers).
            """)
    var logFormat: LogFormat = .text

    @Flag(help: "Regenerate every selected job, even those whose output is current.")
    var force = false

    @Option(
        name: .customLong("only"), parsing: .upToNextOption,
        help: ArgumentHelp("Only these product ids (a targeted rerun).", valueName: "id"))
    var only: [String] = []

    func validate() throws {
        if let serverTimeScale, !(serverTimeScale > 0 && serverTimeScale <= 1) {
            throw ValidationError("--server-time-scale must be greater than 0 and at most 1")
        }
        if let apiBaseURL, !(apiBaseURL.hasPrefix("http://") || apiBaseURL.hasPrefix("https://")) {
            throw ValidationError("--api-base-url must be an http(s) URL")
        }
    }
}
