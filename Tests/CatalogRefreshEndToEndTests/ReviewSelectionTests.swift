import CatalogTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// #23: `approve` and `reject` on a selection that names nothing, without a selection, and
/// without `$USER`, through the built binary on the quickstart's output.
@Suite(.serialized)
struct ReviewSelectionTests {
    let spec = RepositoryPaths.pipelines.appendingPathComponent("quickstart.yml").path

    func run(
        _ arguments: [String], in directory: TemporaryDirectory, environment: [String: String] = ["USER": "ana"]
    ) async throws -> ProcessResult {
        try await ProcessRunner.run(
            RepositoryPaths.executable, arguments, workingDirectory: directory.path, environment: environment)
    }

    func manifestItems(_ output: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: output).appendingPathComponent("manifest.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(object["items"] as? [[String: Any]])
    }

    @Test func aSelectionThatNamesNothingIsAnErrorNamingWhatExists() async throws {
        let directory = try TemporaryDirectory()
        let output = directory.url("out").path
        let generated = try await run(["run", spec, "--output", output], in: directory)
        #expect(generated.exitCode == 0, "\(generated.stderr)")

        let cases: [(verb: String, option: [String], message: String)] = [
            (
                "approve", ["--variant", "background=forest"],
                "error: --variant background=forest: no generated image has background `forest` "
                    + "(the manifest's background options are marble-kitchen, studio-teal)\n"
            ),
            (
                "reject", ["--variant", "bg=cabin"],
                "error: --variant bg=cabin: the manifest has no variant axis `bg` (its variant axis is background)\n"
            ),
            (
                "approve", ["--variant", "backgrund=studio-teal"],
                "error: --variant backgrund=studio-teal: the manifest has no variant axis `backgrund` "
                    + "(its variant axis is background); did you mean `background`?"
            ),
            (
                "reject", ["--product", "MUG-001", "--variant", "background=studio-tea"],
                "error: --variant background=studio-tea: no generated image has background `studio-tea` "
                    + "(the manifest's background options are marble-kitchen, studio-teal); did you mean `studio-teal`?"
            ),
            (
                "approve", ["--product", "MUG-01"],
                "error: --product MUG-01: no generated image for product `MUG-01` (the manifest's 6 products are "
                    + "BAG-310, LAMP-014, MUG-001, POT-007, SNKR-220, WTCH-042); did you mean `MUG-001`?"
            ),
        ]
        for (verb, option, message) in cases {
            let result = try await run([verb, spec, "--output", output] + option, in: directory)
            #expect(result.exitCode == 3, "\(verb) \(option): \(result.stdout)")
            #expect(result.stderr.contains(message), "\(verb) \(option): \(result.stderr)")
            #expect(!result.stdout.contains("nothing to"), "\(verb) \(option)")
        }
        #expect(try manifestItems(output).allSatisfy { $0["review_state"] as? String == "pending" })
    }

    @Test func withoutASelectionTheErrorShowsThisCommandsUsage() async throws {
        let directory = try TemporaryDirectory()
        for verb in ["approve", "reject"] {
            let result = try await run([verb, spec, "--output", directory.url("out").path], in: directory)
            #expect(result.exitCode == 64)
            #expect(result.stderr.contains("Error: say which items: --product ID"), "\(result.stderr)")
            #expect(result.stderr.contains("Usage: catalog-refresh \(verb) <spec.yml>"), "\(result.stderr)")
            #expect(!result.stderr.contains("<subcommand>"), "\(result.stderr)")
        }
    }

    @Test func withoutUSERTheDecisionIsRecordedUnderTheLoginName() async throws {
        let directory = try TemporaryDirectory()
        let output = directory.url("out").path
        var environment = ProcessInfo.processInfo.environment
        environment["USER"] = nil
        environment["EVOLINK_API_KEY"] = nil
        #expect(try await run(["run", spec, "--output", output], in: directory).exitCode == 0)
        let login = try #require(getpwuid(getuid())?.pointee.pw_name.map { String(cString: $0) })

        let approved = try await run(
            ["approve", spec, "--output", output, "--product", "MUG-001"], in: directory, environment: environment)
        #expect(approved.exitCode == 0, "\(approved.stderr)")
        let mug = try manifestItems(output).filter { $0["product_id"] as? String == "MUG-001" }
        #expect(mug.count == 2 && mug.allSatisfy { $0["reviewer"] as? String == login }, "\(mug)")

        let empty = try await run(
            ["reject", spec, "--output", output, "--product", "LAMP-014", "--reviewer", " "], in: directory)
        #expect(empty.exitCode == 64 && empty.stderr.contains("--reviewer is empty"), "\(empty.stderr)")
    }
}
