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
            for line in RunActivity.lines(lastRun: nil, lock: RunLock.probe(folder: loaded.output.folder)) {
                Console.out(line)
            }
            return
        }
        let counts = try store.stateCounts()
        let states = JobState.allCases.compactMap { state in counts[state].map { "\(state.rawValue) \($0)" } }
        Console.out(
            "\(loaded.name): \(counts.values.reduce(0, +)) jobs: "
                + (states.isEmpty ? "none" : states.joined(separator: ", ")))
        // The lock first: a run that ends between the two reads is then seen as ending, not
        // as a run that crashed.
        let lock = RunLock.probe(folder: loaded.output.folder)
        let lastRun = try store.lastRun()
        for line in RunActivity.lines(lastRun: lastRun, lock: lock) { Console.out(line) }
        if let lastRun, RunActivity.isGoing(lastRun, lock: lock) {
            // The reading the run's own live line redraws: the two never disagree.
            Console.out("progress: " + (try store.progress(runID: lastRun.id)).line)
        }
        if let lastRun { Console.out(try store.spend(runID: lastRun.id).line(runID: lastRun.id)) }
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
}
