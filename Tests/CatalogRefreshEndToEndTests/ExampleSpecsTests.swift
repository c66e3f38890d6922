import CatalogTestSupport
import Foundation
import Testing

/// Every spec in `pipelines/` is an example users copy: each must run as it is.
struct ExampleSpecsTests {
    static var specs: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: RepositoryPaths.pipelines.path)) ?? []
        return files.filter { $0.hasSuffix(".yml") }.sorted()
    }

    @Test func thereAreExampleSpecs() {
        #expect(!Self.specs.isEmpty)
    }

    /// Runs, then approves everything and exports it for the channels that fetch images by URL:
    /// an example that cannot be exported as written is no example (#23).
    @Test(arguments: specs)
    func exampleSpecRunsEndToEnd(_ name: String) async throws {
        let directory = try TemporaryDirectory()
        let spec = RepositoryPaths.pipelines.appendingPathComponent(name).path
        let output = ["--output", directory.url("out").path]
        let run = { (arguments: [String]) in
            try await ProcessRunner.run(
                RepositoryPaths.executable, arguments + output, workingDirectory: directory.path)
        }
        let result = try await run(["run", spec])
        #expect(result.exitCode == 0, "\(name): \(result.stderr)")
        #expect(result.stdout.contains(" 0 failed"))
        let approved = try await run(["approve", spec, "--all-pending", "--reviewer", "ci"])
        #expect(approved.exitCode == 0, "\(name): \(approved.stderr)")
        for format in ["shopify", "merchant-center"] {
            let export = try await run(["export", spec, "--format", format])
            #expect(export.exitCode == 0, "\(name) \(format): \(export.stdout) \(export.stderr)")
            #expect(!export.stdout.contains("public_base_url"), "\(name) \(format): \(export.stdout)")
        }
    }
}
