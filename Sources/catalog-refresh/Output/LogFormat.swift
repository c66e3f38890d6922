import ArgumentParser

/// `--log-format`: what `run` and `retry` write on standard error. Text reads like a compiler's
/// output; JSON is one object per line, for log shippers.
enum LogFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json
}
