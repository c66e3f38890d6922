import CatalogTestSupport
import Foundation
import Testing

/// #24 through the built binary: a second `run` of the quickstart, with every image current,
/// leaves `manifest.json`, `manifest.csv` and `review.html` as they are (bytes, modification
/// time, inode), naming the run that wrote them; a decision writes them again.
struct ManifestNoOpRunTests {
    let spec = RepositoryPaths.pipelines.appendingPathComponent("quickstart.yml").path

    struct Stamp: Equatable {
        var bytes: Data
        var modified: Date?
        var inode: UInt64?
    }

    func stamps(_ output: String) throws -> [String: Stamp] {
        var stamps: [String: Stamp] = [:]
        for name in ["manifest.json", "manifest.csv", "review.html"] {
            let path = URL(fileURLWithPath: output).appendingPathComponent(name).path
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            stamps[name] = Stamp(
                bytes: try Data(contentsOf: URL(fileURLWithPath: path)),
                modified: attributes[.modificationDate] as? Date,
                inode: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value)
        }
        return stamps
    }

    func run(_ arguments: [String], in directory: TemporaryDirectory) async throws -> ProcessResult {
        try await ProcessRunner.run(
            RepositoryPaths.executable, arguments, workingDirectory: directory.path, environment: ["USER": "ana"])
    }

    @Test func aRunThatChangedNothingLeavesTheManifestFilesAsTheyAre() async throws {
        let directory = try TemporaryDirectory()
        let output = directory.url("out").path
        let first = try await run(["run", spec, "--output", output], in: directory)
        #expect(first.exitCode == 0, "\(first.stderr)")
        let written = try stamps(output)

        let second = try await run(["run", spec, "--output", output], in: directory)
        #expect(second.exitCode == 0, "\(second.stderr)")
        #expect(try stamps(output) == written)
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: directory.url("out/manifest.json")))
                as? [String: Any])
        #expect((manifest["run"] as? [String: Any])?["id"] as? Int == 1, "the run that wrote the files")

        // The same spec named from its own folder, and by a path with detours: the same manifest.
        let fromItsFolder = try await ProcessRunner.run(
            RepositoryPaths.executable, ["run", "quickstart.yml", "--output", output],
            workingDirectory: RepositoryPaths.pipelines.path, environment: ["USER": "ana"])
        #expect(fromItsFolder.exitCode == 0, "\(fromItsFolder.stderr)")
        let detour = RepositoryPaths.pipelines.appendingPathComponent("../pipelines/./quickstart.yml").path
        let byDetour = try await run(["run", detour, "--output", output], in: directory)
        #expect(byDetour.exitCode == 0, "\(byDetour.stderr)")
        #expect(try stamps(output) == written, "a run naming the spec another way rewrote the files")

        let approved = try await run(["approve", spec, "--output", output, "--product", "MUG-001"], in: directory)
        #expect(approved.exitCode == 0, "\(approved.stderr)")
        let decided = try stamps(output)
        for name in written.keys { #expect(decided[name]?.bytes != written[name]?.bytes, "\(name)") }
    }
}
