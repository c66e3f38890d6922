import CatalogModel
import CatalogTestSupport
import Foundation
import Testing

@testable import catalog_refresh
@testable import catalog_refresh_bench

/// Nightly runs through the real binary: the first night that finds a product entirely current
/// records it, later nights pass it over while it stays as it was, and whatever moves it (its
/// record, the spec, leaving the feed and coming back) makes the next night plan it in full
/// again, so nothing a full plan would have done is skipped.
struct CurrentProductsEndToEndTests {
    /// Without an API key: what a run submits goes to the embedded simulator.
    static let environment = ProcessInfo.processInfo.environment.filter { $0.key != "EVOLINK_API_KEY" }

    let directory: TemporaryDirectory
    let catalog: NightlyCatalog

    init() throws {
        directory = try TemporaryDirectory()
        catalog = NightlyCatalog(folder: directory.url("catalog"), products: 120, variants: 2)
        _ = try catalog.write()
        try catalog.buildCurrentStore()
    }

    /// The run's `plan` event, after checking that it exited 0.
    func run(_ extra: [String] = [], _ label: String) async throws -> [String: Any] {
        let run = try await ProcessRunner.run(
            RepositoryPaths.executable, ["run", catalog.spec, "--log-format", "json"] + extra,
            environment: Self.environment)
        #expect(run.exitCode == 0, "\(label): \(run.stderr.suffix(1500))")
        for line in run.stderr.split(separator: "\n") {
            guard let event = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                event["event"] as? String == "plan"
            else { continue }
            return event
        }
        Issue.record("\(label): no plan event in \(run.stderr.suffix(1500))")
        return [:]
    }

    func sqlite(_ query: String) async throws -> String {
        let result = try await ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["sqlite3", catalog.outputFolder + "/state.sqlite", query])
        #expect(result.exitCode == 0, "sqlite3 (installed by .ci/run): \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func manifestProducts() throws -> Set<String> {
        let data = try Data(contentsOf: URL(fileURLWithPath: catalog.outputFolder + "/manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let items = try #require(manifest["items"] as? [[String: Any]])
        return Set(items.compactMap { $0["product_id"] as? String })
    }

    func passedOver(_ event: [String: Any]) -> Int? { event["products_passed_over"] as? Int }

    @Test func currentProductsArePassedOverUntilOneOfTheirRowsMoves() async throws {
        // The store holds every image but no manifest yet: the first night lists them.
        var plan = try await run([], "first night")
        #expect(passedOver(plan) == 0 && plan["unchanged"] as? Int == 240, "\(plan)")
        #expect(try await sqlite("SELECT count(*) FROM current_products") == "0")
        // Every job current and listed: each product is recorded.
        plan = try await run([], "second night")
        #expect(passedOver(plan) == 0, "\(plan)")
        #expect(try await sqlite("SELECT count(*) FROM current_products") == "120")
        // The first 100 jobs (50 products) are made for the plan's samples; the rest passed over.
        plan = try await run([], "third night")
        #expect(passedOver(plan) == 70 && plan["unchanged"] as? Int == 240, "\(plan)")

        // SKU-100 leaves the feed: its manifest entries go, and with them its record.
        let feed = try String(contentsOfFile: catalog.feed, encoding: .utf8)
        let without = feed.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("SKU-100,") }.joined(separator: "\n")
        #expect(without != feed)
        try without.write(toFile: catalog.feed, atomically: true, encoding: .utf8)
        plan = try await run([], "SKU-100 gone")
        #expect(passedOver(plan) == 69 && plan["jobs"] as? Int == 238, "\(plan)")
        #expect(try await sqlite("SELECT count(*) FROM current_products WHERE product_key = '7:SKU-100'") == "0")
        #expect(try !manifestProducts().contains("SKU-100"))

        // Back as it was: its images are current, but it must be listed again, so it is planned
        // in full; listed now, the night after records it.
        try feed.write(toFile: catalog.feed, atomically: true, encoding: .utf8)
        plan = try await run([], "SKU-100 back")
        #expect(passedOver(plan) == 69 && plan["unchanged"] as? Int == 240, "\(plan)")
        #expect(try manifestProducts().contains("SKU-100"))
        #expect(try await sqlite("SELECT count(*) FROM current_products") == "119")
        plan = try await run([], "the night after")
        #expect(passedOver(plan) == 69, "\(plan)")
        #expect(try await sqlite("SELECT count(*) FROM current_products") == "120")

        // A selection looks at every job it names: no product is passed over (a product passed
        // over would be one `--only` cannot find).
        plan = try await run(["--only", "SKU-110"], "only SKU-110")
        #expect(passedOver(plan) == 0 && plan["unchanged"] as? Int == 240, "\(plan)")
        plan = try await run([], "after the selection")
        #expect(passedOver(plan) == 70, "\(plan)")
    }

    @Test func anEditedSpecOrRecordIsPlannedInFull() async throws {
        _ = try await run([], "first night")
        _ = try await run([], "second night")
        let spec = try String(contentsOfFile: catalog.spec, encoding: .utf8)
        let edited = spec.replacingOccurrences(of: "high-key lighting", with: "low-key lighting")
        #expect(edited != spec)
        try edited.write(toFile: catalog.spec, atomically: true, encoding: .utf8)
        let afterSpec = try await ProcessRunner.run(
            RepositoryPaths.executable, ["plan", catalog.spec, "--format", "json"], environment: Self.environment)
        #expect(afterSpec.exitCode == 0, "\(afterSpec.stderr.suffix(1000))")
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(afterSpec.stdout.utf8)) as? [String: Any])
        #expect((summary["jobs"] as? [String: Any])?["changed"] as? Int == 240, "\(summary["jobs"] ?? "")")

        try spec.write(toFile: catalog.spec, atomically: true, encoding: .utf8)
        let feed = try String(contentsOfFile: catalog.feed, encoding: .utf8)
        try feed.replacingOccurrences(of: "\"Product 117, deluxe\"", with: "\"Product 117, deluxe, blue\"")
            .write(toFile: catalog.feed, atomically: true, encoding: .utf8)
        let afterFeed = try await ProcessRunner.run(
            RepositoryPaths.executable, ["plan", catalog.spec, "--format", "json"], environment: Self.environment)
        let jobs = try #require(
            (try JSONSerialization.jsonObject(with: Data(afterFeed.stdout.utf8)) as? [String: Any])?["jobs"]
                as? [String: Any])
        #expect(jobs["changed"] as? Int == 2 && jobs["unchanged"] as? Int == 238, "\(jobs)")
    }

    /// `--force` sends current jobs too, and a selection must find every product it names: neither
    /// may pass a product over.
    @Test func onlyAPlainRunPassesProductsOver() {
        #expect(RunSelection.all.passesOverCurrentProducts(force: false))
        #expect(!RunSelection.all.passesOverCurrentProducts(force: true))
        #expect(!RunSelection.products(["SKU-1"]).passesOverCurrentProducts(force: false))
        let key = JobKey(productID: "SKU-1", variantID: "background=bg-1")
        #expect(!RunSelection.jobs([key]).passesOverCurrentProducts(force: false))
    }
}
