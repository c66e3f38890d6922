import ArgumentParser
import Foundation

/// Starts a command and writes what `wait4` said about it to a file: the small parent
/// `MeasuredChild` measures through, so the command's peak memory is its own (`MeasuredChild`).
struct MeasureChildCommand: ParsableCommand {
    static let name = "measure-child"
    static let configuration = CommandConfiguration(
        commandName: name, abstract: "Run a command and write its wall time, CPU and peak memory to a file.",
        shouldDisplay: false)

    @Option(help: "Where to write `seconds cpu-seconds peak-MB exit-code`.")
    var report: String

    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments, after `--`.")
    var command: [String] = []

    func run() throws {
        let words = command.first == "--" ? Array(command.dropFirst()) : command
        guard let executable = words.first else { throw ValidationError("no command to run after --") }
        let usage = try Spawned.run(executable, Array(words.dropFirst()))
        try usage.report.write(toFile: report, atomically: true, encoding: .utf8)
    }
}
