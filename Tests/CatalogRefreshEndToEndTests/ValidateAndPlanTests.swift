import CatalogTestSupport
import Foundation
import Testing

/// `validate` and `plan` as CI and merchandisers use them.
@Suite(.serialized)
struct ValidateAndPlanTests {
    let executable = RepositoryPaths.executable

    func spec(_ name: String) -> String { RepositoryPaths.pipelines.appendingPathComponent(name).path }

    @Test func everyExampleSpecValidates() async throws {
        for name in ["quickstart.yml", "seasonal-campaign.yml", "marketplace-white.yml"] {
            let result = try await ProcessRunner.run(executable, ["validate", spec(name)])
            #expect(result.exitCode == 0, "\(name): \(result.stderr)")
            #expect(result.stdout.contains("valid"))
        }
    }

    @Test func validateShowsEveryProblemWithACaretOrAsJSON() async throws {
        let directory = try TemporaryDirectory()
        let broken = try directory.write(
            "version: 1\nfeed:\n  source: a.csv\nprompt: \"{{titel}}\"\noutput:\n  foldr: out\n", to: "broken.yml")
        let text = try await ProcessRunner.run(executable, ["validate", broken])
        #expect(text.exitCode == 3)
        #expect(
            text.stderr.contains(
                "broken.yml:4:10: error: unknown field `{{titel}}` in prompt; did you mean `{{title}}`?\n    prompt: \"{{titel}}\"\n             ^"
            ))
        #expect(text.stderr.contains("broken.yml:6:3: error: unknown key `foldr` in `output`; did you mean `folder`?"))
        let json = try await ProcessRunner.run(executable, ["validate", broken, "--format", "json"])
        #expect(json.exitCode == 3)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 3)
        #expect(
            diagnostics.contains {
                $0["line"] as? Int == 4 && $0["column"] as? Int == 10
                    && $0["suggestion"] as? String == "did you mean `{{title}}`?"
            })
    }

    @Test func aBudgetBelowOneJobIsAnError() async throws {
        let directory = try TemporaryDirectory()
        let text = try String(contentsOfFile: spec("quickstart.yml"), encoding: .utf8)
            .replacingOccurrences(of: "budget_usd: 2", with: "budget_usd: 0.001")
            .replacingOccurrences(of: "../fixtures", with: RepositoryPaths.root.appendingPathComponent("fixtures").path)
        let path = try directory.write(text, to: "cheap.yml")
        let result = try await ProcessRunner.run(executable, ["validate", path])
        #expect(result.exitCode == 3)
        #expect(
            result.stderr.contains("error: the budget of $0.0010 is below the cost of one job ($0.0126)"),
            "\(result.stderr)")
    }

    @Test func planShowsWhatARunWouldDoWritesNothingAndExplainsChanges() async throws {
        let directory = try TemporaryDirectory()
        let output = directory.url("out").path
        let fresh = try await ProcessRunner.run(
            executable, ["plan", spec("seasonal-campaign.yml"), "--format", "json"])
        #expect(fresh.exitCode == 0, "\(fresh.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(fresh.stdout.utf8)) as? [String: Any])
        let jobs = try #require(plan["jobs"] as? [String: Any])
        #expect(jobs["total"] as? Int == 20 && jobs["new"] as? Int == 20)
        let products = try #require(plan["products"] as? [String: Any])
        #expect(products["read"] as? Int == 6 && products["selected"] as? Int == 5)
        let cost = try #require(plan["cost"] as? [String: Any])
        #expect((cost["low_usd"] as? Double ?? 0) <= (cost["estimate_usd"] as? Double ?? 0))
        #expect((cost["estimate_usd"] as? Double ?? 0) <= (cost["high_usd"] as? Double ?? 0))

        // After a run, a title edit shows as 2 changed jobs, because of the prompt.
        let feed = try String(contentsOfFile: RepositoryPaths.fixture("feeds/quickstart.csv"), encoding: .utf8)
        let feedCopy = try directory.feedBesideFixtureImages(feed, named: "quickstart.csv")
        #expect(
            try await ProcessRunner.run(
                executable, ["run", spec("quickstart.yml"), "--output", output, "--feed", feedCopy]
            )
            .exitCode == 0)
        try feed.replacingOccurrences(of: "Field Watch 38 mm", with: "Field Watch 40 mm").write(
            toFile: feedCopy, atomically: true, encoding: .utf8)
        let specCopy = try directory.write(
            try String(contentsOfFile: spec("quickstart.yml"), encoding: .utf8)
                .replacingOccurrences(of: "../out/quickstart", with: output)
                .replacingOccurrences(of: "../fixtures/feeds/quickstart.csv", with: feedCopy),
            to: "quickstart.yml")
        let before = try FileManager.default.contentsOfDirectory(atPath: output).sorted()
        let changed = try await ProcessRunner.run(executable, ["plan", specCopy])
        #expect(changed.exitCode == 0, "\(changed.stderr)")
        #expect(changed.stdout.contains("jobs: 12 planned: 0 new, 2 changed, 10 unchanged"))
        #expect(changed.stdout.contains("changed because of: prompt 2"))
        #expect(changed.stdout.contains("WTCH-042 [background=marble-kitchen]"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: output).sorted() == before, "plan writes nothing")
    }
}
