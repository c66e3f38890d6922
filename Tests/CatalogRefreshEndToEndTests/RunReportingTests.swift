import CatalogTestSupport
import Foundation
import Testing

/// What `run` tells its operator: every stderr line an event in JSON mode, and per product why
/// it runs again and which review decisions that undoes.
struct RunReportingTests {
    let spec = RepositoryPaths.pipelines.appendingPathComponent("quickstart.yml").path

    func run(_ arguments: [String], in directory: TemporaryDirectory) async throws -> ProcessResult {
        try await ProcessRunner.run(RepositoryPaths.executable, arguments, workingDirectory: directory.path)
    }

    /// Every line of `stderr`, empty ones included: each must be a JSON object.
    func events(_ stderr: String) throws -> [[String: Any]] {
        #expect(stderr.isEmpty || stderr.hasSuffix("\n"))
        return try stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return try #require(object, "not a JSON object: \(line)")
        }
    }

    /// On main the plan line, the start line, feed warnings and the summary were plain text
    /// and money was a string like "$0.0126".
    @Test func jsonLogsAreOneObjectPerLineWithMoneyAsNumbers() async throws {
        let directory = try TemporaryDirectory()
        let output = directory.url("out").path
        let first = try await run(
            ["run", spec, "--output", output, "--only", "MUG-001", "--log-format", "json"], in: directory)
        #expect(first.exitCode == 0, "\(first.stderr.suffix(800))")
        let logged = try events(first.stderr)
        for event in logged {
            #expect(event["time"] is String && event["level"] is String && event["event"] is String, "\(event)")
        }
        let names = logged.compactMap { $0["event"] as? String }
        for name in ["plan", "changes", "start", "submitted", "stored", "summary"] {
            #expect(names.contains(name), "no \(name) event in \(names)")
        }
        let plan = try #require(logged.first { $0["event"] as? String == "plan" })
        #expect(plan["jobs"] as? Int == 12 && plan["new"] as? Int == 12)
        #expect((plan["estimated_cost_usd"] as? Double).map { $0 > 0 } == true, "\(plan)")
        let submitted = try #require(logged.first { $0["event"] as? String == "submitted" })
        #expect(submitted["estimated_cost_usd"] is Double && submitted["product_id"] as? String == "MUG-001")
        let summary = try #require(logged.first { $0["event"] as? String == "summary" })
        #expect(summary["stored"] as? Int == 2 && summary["failed"] as? Int == 0)

        // A feed record rejected past its budget: the warning and the error are events too.
        let feed = try String(contentsOfFile: RepositoryPaths.fixture("feeds/quickstart.csv"), encoding: .utf8)
        let broken = feed.replacingOccurrences(of: "../images/mug.png", with: "")
        let feedCopy = try directory.feedBesideFixtureImages(broken, named: "quickstart.csv")
        let rejected = try await run(
            ["run", spec, "--output", output, "--feed", feedCopy, "--log-format", "json"], in: directory)
        #expect(rejected.exitCode == 3, "\(rejected.stderr.suffix(800))")
        let problems = try events(rejected.stderr)
        #expect(problems.contains { $0["level"] as? String == "error" }, "\(problems)")
    }

    /// Even a command-line mistake is a JSON event when JSON was asked for.
    @Test func aUsageErrorInJSONModeIsAnEvent() async throws {
        let directory = try TemporaryDirectory()
        let result = try await run(["run", spec, "--log-format", "json", "--bogus"], in: directory)
        #expect(result.exitCode == 64)
        let logged = try events(result.stderr)
        #expect(logged.count == 1 && logged.first?["level"] as? String == "error", "\(result.stderr)")
        #expect((logged.first?["message"] as? String)?.contains("--bogus") == true)
    }

    /// On main a rerun said nothing per product, and approvals of regenerated images went back
    /// to pending silently.
    @Test func aRerunSaysWhyPerProductAndWhichDecisionsItUndid() async throws {
        let directory = try TemporaryDirectory()
        let output = directory.url("out").path
        let first = try await run(["run", spec, "--output", output], in: directory)
        #expect(first.exitCode == 0, "\(first.stderr.suffix(800))")
        #expect(first.stderr.contains("to generate: MUG-001 new, "), "\(first.stderr)")
        let approved = try await run(["approve", spec, "--output", output, "--product", "MUG-001"], in: directory)
        #expect(approved.exitCode == 0, "\(approved.stderr)")

        let feed = try String(contentsOfFile: RepositoryPaths.fixture("feeds/quickstart.csv"), encoding: .utf8)
        let edited = feed.replacingOccurrences(of: "Stoneware Coffee Mug, 12 oz", with: "Stoneware Mug, 12 oz")
        let feedCopy = try directory.feedBesideFixtureImages(edited, named: "quickstart.csv")
        let rerun = try await run(["run", spec, "--output", output, "--feed", feedCopy], in: directory)
        #expect(rerun.exitCode == 0, "\(rerun.stderr.suffix(800))")
        #expect(rerun.stderr.contains("to generate: MUG-001 changed (prompt)\n"), "\(rerun.stderr)")
        #expect(
            rerun.stderr.contains(
                "warning: 2 review decisions (2 approved) went back to pending: their images were regenerated (MUG-001)"
            ), "\(rerun.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: directory.url("out/report.json"))) as? [String: Any]
        )
        let changes = try #require(report["changes"] as? [[String: Any]])
        #expect(changes.count == 1)
        #expect(
            changes.first?["product_id"] as? String == "MUG-001" && changes.first?["change"] as? String == "changed")
        #expect(changes.first?["reasons"] as? [String] == ["prompt"])
        let progress = try #require(report["progress"] as? [String: Int])
        #expect(
            progress == [
                "total": 2, "done": 2, "in_flight": 0, "submitting": 0, "downloading": 0, "stored": 2, "failed": 0,
            ])
        let reset = try #require(report["decisions_reset"] as? [[String: Any]])
        #expect(reset.count == 2 && reset.allSatisfy { $0["decision"] as? String == "approved" })
    }
}
