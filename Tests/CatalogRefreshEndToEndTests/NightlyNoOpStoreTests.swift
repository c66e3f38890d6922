import CatalogTestSupport
import Foundation
import JobStore
import Testing

@testable import catalog_refresh_bench

/// The nightly benchmark times a `run` over a store in which every output is current; these
/// check that the store it builds really is one, through the real binary: `run` finds nothing
/// to submit, and a product whose title changes is planned again (its prompt moved), so the
/// builder cannot pass by recording something `run` never compares.
struct NightlyNoOpStoreTests {
    /// Without an API key: should the run find work, it goes to the embedded simulator.
    static let environment = ProcessInfo.processInfo.environment.filter { $0.key != "EVOLINK_API_KEY" }

    @Test func builtStoreMakesRunANoOpUntilATitleChanges() async throws {
        let directory = try TemporaryDirectory()
        let catalog = NightlyCatalog(folder: directory.url("catalog"), products: 50, variants: 2)
        _ = try catalog.write()
        let built = try catalog.buildCurrentStore()
        #expect(built.products == 50)
        #expect(built.jobs == 100)
        #expect(built.imageFiles == 100)
        let store = try JobStore(path: CurrentOutputsStore.storePath(in: catalog.outputFolder))
        #expect(try store.productIDsWithOutputs().count == 50)

        for attempt in ["first", "second"] {
            let run = try await ProcessRunner.run(
                RepositoryPaths.executable, ["run", catalog.spec], environment: Self.environment)
            #expect(run.exitCode == 0, "\(attempt) run: \(run.stderr.suffix(1000))")
            for line in NoOpRun.expectedLines(jobs: 100) {
                #expect(run.stderr.contains(line), "\(attempt) run: \(run.stderr.suffix(1000))")
            }
        }
        let report = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: catalog.outputFolder).appendingPathComponent("report.json"))
            )
                as? [String: Any])
        #expect(report["submissions"] as? Int == 0)
        #expect((report["jobs"] as? [String: Any])?["unchanged"] as? Int == 100)

        let feed = try String(contentsOfFile: catalog.feed, encoding: .utf8)
        let renamed = feed.replacingOccurrences(of: "\"Product 7, deluxe\"", with: "\"Product 7, deluxe edition\"")
        #expect(renamed != feed)
        try renamed.write(toFile: catalog.feed, atomically: true, encoding: .utf8)
        let plan = try await ProcessRunner.run(
            RepositoryPaths.executable, ["plan", catalog.spec, "--format", "json"], environment: Self.environment)
        #expect(plan.exitCode == 0, "\(plan.stderr.suffix(1000))")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        let jobs = try #require(summary["jobs"] as? [String: Any])
        #expect(jobs["new"] as? Int == 0)
        #expect(jobs["changed"] as? Int == 2)
        #expect(jobs["unchanged"] as? Int == 98)
        let changes = try #require(summary["changes"] as? [[String: Any]])
        #expect(changes.map { $0["product_id"] as? String } == ["SKU-7"])
        #expect(changes.first?["reasons"] as? [String] == ["prompt"])
    }
}
