import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--reviewer`: the name recorded with each decision, shared by `approve`, `reject` and
/// `review`. A decision is only worth keeping if it says who made it, so when neither
/// `--reviewer` nor `$USER` says so (cron, containers) the login name of the user running the
/// command is taken, and without one the command refuses rather than record a placeholder.
struct ReviewerOption: ParsableArguments {
    @Option(
        name: .customLong("reviewer"),
        help: ArgumentHelp(
            "Who decides, recorded with each decision (default: $USER, else the login name of the user running this).",
            valueName: "name"))
    var name: String?

    /// Fills in `name` when `--reviewer` was not given; command-line misuse when nothing names anyone.
    mutating func validate() throws {
        if let name {
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--reviewer is empty: give the name to record with the decisions")
            }
            return
        }
        guard let found = Self.defaultName(environment: ProcessInfo.processInfo.environment) else {
            throw ValidationError(
                "cannot tell who is deciding: $USER is not set and user id \(getuid()) has no login name; "
                    + "pass --reviewer NAME")
        }
        name = found
    }

    /// The name recorded: `--reviewer`, else the default. Set by `validate()`, which runs before
    /// any command's `run()`.
    var resolved: String { name ?? "" }

    /// `$USER` when set and not empty, else the passwd entry's login name for the real user id.
    static func defaultName(environment: [String: String]) -> String? {
        if let user = environment["USER"], !user.isEmpty { return user }
        guard let entry = getpwuid(getuid()), let login = entry.pointee.pw_name else { return nil }
        let name = String(cString: login)
        return name.isEmpty ? nil : name
    }
}
