import Foundation

/// How the benchmark knows a `run` submitted nothing: it exited 0, its plan found every job
/// unchanged, it said there was nothing to submit, and its `report.json` counts no
/// submission. A timed run that did work would time something else, so anything less stops
/// the benchmark.
enum NoOpRun {
    /// The run's lines on standard error that a no-op run of `jobs` jobs prints.
    static func expectedLines(jobs: Int) -> [String] {
        ["\(jobs) jobs: 0 new, 0 changed, \(jobs) unchanged", "nothing to submit: every output is current"]
    }

    static func verify(_ run: MeasuredChild, jobs: Int, outputFolder: String) throws -> MeasuredChild {
        _ = try run.checked("catalog-refresh run")
        for line in expectedLines(jobs: jobs) where !run.standardError.contains(line) {
            throw BenchmarkError("the run was not a no-op (no \"\(line)\"): \(run.standardError.suffix(2000))")
        }
        let report = URL(fileURLWithPath: outputFolder).appendingPathComponent("report.json")
        let body = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any]
        guard let submissions = body?["submissions"] as? Int, submissions == 0 else {
            throw BenchmarkError("the run's report.json does not say it submitted nothing")
        }
        return run
    }
}
