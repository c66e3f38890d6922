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

    @Test(arguments: specs)
    func exampleSpecRunsEndToEnd(_ name: String) async throws {
        let directory = try TemporaryDirectory()
        let result = try await ProcessRunner.run(
            RepositoryPaths.executable,
            [
                "run", RepositoryPaths.pipelines.appendingPathComponent(name).path, "--output",
                directory.url("out").path,
            ],
            workingDirectory: directory.path)
        #expect(result.exitCode == 0, "\(name): \(result.stderr)")
        #expect(result.stdout.contains(" 0 failed"))
    }
}
