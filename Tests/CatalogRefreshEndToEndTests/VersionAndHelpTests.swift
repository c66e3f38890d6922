import CatalogModel
import CatalogTestSupport
import Foundation
import Testing

/// #23, for newcomers: the version, one constant, printed by `--version` and `version`, said in
/// the README and recorded in `report.json` and the manifest; help that says each default once.
@Suite(.serialized)
struct VersionAndHelpTests {
    let executable = RepositoryPaths.executable

    @Test func theVersionIsPrintedSaidInTheREADMEAndRecordedInTheFilesARunWrites() async throws {
        for arguments in [["--version"], ["version"]] {
            let result = try await ProcessRunner.run(executable, arguments)
            #expect(result.exitCode == 0 && result.stdout == CatalogRefreshVersion.current + "\n", "\(arguments)")
        }
        // The README's example, wherever it is indented.
        let readme = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("README.md"), encoding: .utf8)
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(
            zip(readme, readme.dropFirst()).contains {
                $0.hasSuffix("catalog-refresh --version") && $1 == CatalogRefreshVersion.current
            })

        let directory = try TemporaryDirectory()
        let output = directory.url("out")
        let run = try await ProcessRunner.run(
            executable,
            ["run", RepositoryPaths.pipelines.appendingPathComponent("quickstart.yml").path, "--output", output.path],
            workingDirectory: directory.path)
        #expect(run.exitCode == 0, "\(run.stderr)")
        for file in ["report.json", "manifest.json"] {
            let data = try Data(contentsOf: output.appendingPathComponent(file))
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let provenance = try #require(object["provenance"] as? [String: String], "\(file)")
            #expect(provenance == ["tool": "catalog-refresh", "version": CatalogRefreshVersion.current], "\(file)")
        }
    }

    /// Each option's help as one string: its first line and the lines indented under it.
    static func optionHelps(_ help: String) -> [String] {
        var options: [String] = []
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  -") || line.hasPrefix("  <") {
                options.append(String(line))
            } else if line.hasPrefix("   "), let last = options.indices.last {
                options[last] += " " + line.trimmingCharacters(in: .whitespaces)
            }
        }
        return options
    }

    @Test(arguments: [
        "validate", "plan", "run", "retry", "status", "manifest", "review", "approve", "reject", "export", "feed",
        "simulator", "recover", "version",
    ])
    func helpSaysEachDefaultOnce(_ command: String) async throws {
        let result = try await ProcessRunner.run(executable, [command, "--help"])
        #expect(result.exitCode == 0)
        let options = Self.optionHelps(result.stdout)
        #expect(!options.isEmpty || command == "version", "\(result.stdout)")
        for option in options {
            #expect(option.components(separatedBy: "(default:").count <= 2, "\(command): \(option)")
        }
        if ["review", "approve", "reject"].contains(command) {
            let reviewer = try #require(options.first { $0.contains("--reviewer") })
            #expect(
                reviewer.hasSuffix(
                    "Who decides, recorded with each decision (default: $USER, else the login name of the user "
                        + "running this)."), "\(reviewer)")
        }
    }
}
