import Foundation

/// One run of a command as a user feels it: its wall time and the peak resident memory of that
/// child alone, from the `rusage` that `wait4` returns for it (`Spawned`). Its standard output
/// and error go to files, read once it has exited: a pipe could fill and stall it.
///
/// The command is started by a small process of its own (this executable's `measure-child`),
/// not by the bench: Linux counts a process's peak from before its `exec`, when its memory is
/// still its parent's, so a child of a bench holding a 400 MB store would never show less.
struct MeasuredChild {
    var seconds: Double
    /// User plus system CPU seconds of the child: on this shared machine, what says whether a
    /// slow wall time was the command's or its neighbours'.
    var cpuSeconds: Double
    var peakMegabytes: Double
    var exitCode: Int32
    var standardOutput: String
    var standardError: String

    /// Runs `executable` (a path, or a name looked up in `PATH`) with `arguments` in
    /// `scratch`'s files; `removing` drops those variables from the child's environment.
    static func run(
        _ executable: String, _ arguments: [String], scratch: URL, removing: Set<String> = []
    ) throws -> MeasuredChild {
        let name = UUID().uuidString
        let outPath = scratch.appendingPathComponent("\(name).out").path
        let errPath = scratch.appendingPathComponent("\(name).err").path
        let reportPath = scratch.appendingPathComponent("\(name).usage").path
        defer {
            for path in [outPath, errPath, reportPath] { try? FileManager.default.removeItem(atPath: path) }
        }
        let bench = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let environment = ProcessInfo.processInfo.environment.filter { !removing.contains($0.key) }
        let starter = try Spawned.run(
            bench, [MeasureChildCommand.name, "--report", reportPath, "--", executable] + arguments,
            environment: environment, standardOutput: outPath, standardError: errPath)
        guard starter.exitCode == 0, let report = try? String(contentsOfFile: reportPath, encoding: .utf8),
            let usage = Spawned.Usage(report: report)
        else {
            let errors = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
            throw BenchmarkError("cannot measure \(executable): \(errors.suffix(2000))")
        }
        return MeasuredChild(
            seconds: usage.seconds, cpuSeconds: usage.cpuSeconds, peakMegabytes: usage.peakMegabytes,
            exitCode: usage.exitCode,
            standardOutput: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// Throws with the command and the end of its standard error unless it exited 0.
    func checked(_ what: String) throws -> MeasuredChild {
        guard exitCode == 0 else {
            throw BenchmarkError("\(what) exited \(exitCode): \(standardError.suffix(2000))")
        }
        return self
    }
}
