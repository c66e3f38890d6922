import ArgumentParser
import Foundation
import JobStore
import PipelineSpec

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a spec's jobs by state and the last run's report, from the state store.",
        discussion: """
            Works while a run is going (SQLite WAL lets readers in) or after it, and says which: a run \
            that is going holds the output folder's run lock; one that was killed or crashed does not, \
            and the next `run` resumes it. Writes nothing.
            """)

    @Argument(help: ArgumentHelp("The pipeline spec (YAML).", valueName: "spec.yml"))
    var spec: String

    @OptionGroup var folder: OutputFolderOption

    func run() throws {
        var loaded = try SpecLoading.load(spec)
        if let output = folder.output { loaded.output.folder = SpecLoader.resolveCommandLinePath(output) }
        guard let store = try PlanBuilder.existingStore(for: loaded) else {
            Console.out("\(loaded.name): no runs yet (no state in \(PipelineRun.displayPath(loaded.output.folder)))")
            if let holder = RunLock.probe(folder: loaded.output.folder) {
                Console.out("a run is starting (\(holder)): it holds the output folder and is planning")
            }
            return
        }
        let counts = try store.stateCounts()
        let states = JobState.allCases.compactMap { state in counts[state].map { "\(state.rawValue) \($0)" } }
        Console.out(
            "\(loaded.name): \(counts.values.reduce(0, +)) jobs: "
                + (states.isEmpty ? "none" : states.joined(separator: ", ")))
        let holder = RunLock.probe(folder: loaded.output.folder)
        let lastRun = try store.lastRun()
        if let lastRun { Console.out("last run #\(lastRun.id): " + Self.describe(lastRun, holder: holder)) }
        if let holder, lastRun?.status != "running" {
            Console.out("a run is starting (\(holder)): it holds the output folder and is planning")
        }
        for (reason, count) in try store.failureReasons() { Console.out("  failed: \(count) × \(reason)") }
        let keys = try store.manifestKeys()
        if !keys.isEmpty {
            let reviews = try store.reviews()
            let decided = keys.compactMap { reviews[$0]?.state }
            Console.out(
                "review: \(decided.filter { $0 == .approved }.count) approved, "
                    + "\(decided.filter { $0 == .rejected }.count) rejected, \(keys.count - decided.count) pending "
                    + "of \(keys.count) images")
        }
        let report = URL(fileURLWithPath: loaded.output.folder).appendingPathComponent("report.json").path
        if FileManager.default.fileExists(atPath: report) { Console.out("report: \(PipelineRun.displayPath(report))") }
    }

    /// A run row says `running` from its start until it records its end, so whether it is still
    /// going is asked of the run lock: a process that was killed or crashed holds it no more.
    static func describe(_ run: RunRecord, holder: String?) -> String {
        let started = "started \(run.startedAt)"
        guard run.status == "running" else {
            return "\(run.status), \(started)" + (run.finishedAt.map { ", finished \($0)" } ?? "")
        }
        if let holder { return "running now (\(holder)), \(started)" }
        return "did not finish (its process ended without recording an end: killed or crashed), \(started); "
            + "`catalog-refresh run` on this spec resumes it without paying twice"
    }
}
