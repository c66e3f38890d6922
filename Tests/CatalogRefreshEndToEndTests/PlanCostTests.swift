import CatalogTestSupport
import Foundation
import Testing

/// #23: `plan` says what each job costs and why: per variant its image settings, unit cost,
/// job count and subtotal (dearest first), what the range means, and the share of the budget.
struct PlanCostTests {
    /// Six products (the quickstart's feed, one reference each) on two backgrounds, one of them
    /// at a dearer quality.
    /// `plan` of that spec with `budget_usd: budget` and `options`, exiting 0.
    func plan(budget: String, _ options: [String]) async throws -> ProcessResult {
        let directory = try TemporaryDirectory()
        let spec = try directory.write(
            """
            version: 1
            name: plan-cost
            feed:
              source: \(RepositoryPaths.fixture("feeds/quickstart.csv"))
              profile: generic-csv
            variants:
              background:
                - id: marble
                  text: on marble
                - id: teal
                  text: on teal
                  image:
                    quality: medium
            prompt: "Photo of the {{title}} {{background.text}}."
            image:
              model: gpt-image-2
              size: "1:1"
              resolution: 1K
              quality: low
            limits:
              budget_usd: \(budget)
            output:
              folder: out

            """, to: "plan-cost.yml")
        let result = try await ProcessRunner.run(
            RepositoryPaths.executable, ["plan", spec] + options, workingDirectory: directory.path)
        #expect(result.exitCode == 0, "\(result.stderr)")
        return result
    }

    @Test func planShowsTheCostOfEachVariantWhatTheRangeMeansAndTheShareOfTheBudget() async throws {
        let result = try await plan(budget: "0.5", ["--samples", "0"])
        let expected = """
            estimated cost: $0.4050 (range $0.3186–$0.4914)
            by variant, dearest first:
              background=teal: 6 jobs × $0.0549 = $0.3294 (81%) · gpt-image-2, size 1:1, 1K, quality medium
              background=marble: 6 jobs × $0.0126 = $0.0756 (19%) · gpt-image-2, size 1:1, 1K, quality low
            range: low counts the generated images alone, high adds every reference image twice (and prices \
            `auto` sizes at 4K, not 1K); the run reserves the estimate against the budget
            budget $0.5000: the plan would spend 81.0% of it; within budget
            """
        #expect(result.stdout.contains(expected + "\n"), "\(result.stdout)")
    }

    @Test func aPlanOverItsBudgetSaysByHowMuch() async throws {
        let result = try await plan(budget: "0.3", ["--format", "json"])
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let cost = try #require(plan["cost"] as? [String: Any])
        #expect(cost["within_budget"] as? Bool == false)
        #expect(cost["budget_percent"] as? Double == 135)
        let variants = try #require(cost["variants"] as? [[String: Any]])
        #expect(variants.map { $0["variant_id"] as? String } == ["background=teal", "background=marble"])
        #expect(variants.map { $0["jobs"] as? Int } == [6, 6])
        #expect(
            variants.first?["quality"] as? String == "medium" && variants.first?["unit_low_usd"] as? Double == 0.0549)
    }
}
