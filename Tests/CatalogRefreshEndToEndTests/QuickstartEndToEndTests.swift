import CatalogTestSupport
import Foundation
import Testing

/// Runs the built `catalog-refresh` binary on the quickstart against the embedded simulator,
/// in a temporary output folder, and checks what a user would see.
@Suite(.serialized)
struct QuickstartEndToEndTests {
    let spec = RepositoryPaths.pipelines.appendingPathComponent("quickstart.yml").path

    func run(_ arguments: [String], in directory: TemporaryDirectory) async throws -> ProcessResult {
        try await ProcessRunner.run(RepositoryPaths.executable, arguments, workingDirectory: directory.path)
    }

    struct ManifestFile: Decodable {
        struct Item: Decodable {
            var product_id: String
            var variant_id: String
            var prompt: String
            var path: String
            var sha256: String
            var width: Int
            var height: Int
            var references: [Reference]
        }

        struct Reference: Decodable {
            var link: String
            var preview: String
        }

        var schema_version: Int
        var items: [Item]
    }

    func readManifest(_ folder: String) throws -> ManifestFile {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent("manifest.json"))
        return try JSONDecoder().decode(ManifestFile.self, from: data)
    }

    @Test func quickstartGeneratesTwelveImagesThenNothingOnTheSecondRun() async throws {
        let directory = try TemporaryDirectory()
        let output = directory.url("out").path
        let first = try await run(["run", spec, "--output", output], in: directory)
        #expect(first.exitCode == 0, "stderr: \(first.stderr)")
        #expect(first.stdout.contains("12 new, 0 changed, 0 unchanged; 12 submitted, 12 stored, 0 failed"))

        let manifest = try readManifest(output)
        #expect(manifest.schema_version == 3)
        #expect(manifest.items.count == 12)
        #expect(Set(manifest.items.map(\.product_id)).count == 6)
        #expect(Set(manifest.items.map(\.variant_id)) == ["background=marble-kitchen", "background=studio-teal"])
        let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var digests = Set<String>()
        for item in manifest.items {
            #expect(item.prompt.contains("Professional e-commerce photo"))
            #expect(!item.prompt.contains("{{"))
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: output).appendingPathComponent(item.path)))
            #expect(Array(bytes.prefix(8)) == pngSignature, "\(item.path) is not a PNG")
            // IHDR width and height, big-endian, at bytes 16–23.
            let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
            let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
            #expect(width == 1024 && height == 1024 && item.width == 1024 && item.height == 1024)
            digests.insert(item.sha256)
            #expect(item.references.count == 1)
            #expect(
                FileManager.default.fileExists(
                    atPath: URL(fileURLWithPath: output).appendingPathComponent(item.references[0].preview).path))
        }
        #expect(digests.count == 12, "every product × variant must look different")

        let csv = try String(
            contentsOfFile: URL(fileURLWithPath: output).appendingPathComponent("manifest.csv").path, encoding: .utf8)
        #expect(csv.split(separator: "\r\n").count == 13)
        let html = try String(
            contentsOfFile: URL(fileURLWithPath: output).appendingPathComponent("review.html").path, encoding: .utf8)
        #expect(html.components(separatedBy: "<img src=\"images/").count - 1 == 12)
        let referenceSources = Set(
            html.components(separatedBy: "<img src=\"references/").dropFirst().map { $0.prefix(while: { $0 != "\"" }) })
        #expect(referenceSources.count == 6)
        #expect(
            FileManager.default.fileExists(
                atPath: URL(fileURLWithPath: output).appendingPathComponent("state.sqlite").path))

        let second = try await run(["run", spec, "--output", output], in: directory)
        #expect(second.exitCode == 0, "stderr: \(second.stderr)")
        #expect(second.stdout.contains("0 new, 0 changed, 12 unchanged; 0 submitted, 0 stored, 0 failed"))
        #expect(try readManifest(output).items.count == 12)
    }

    @Test func editingOneTitleRegeneratesExactlyThatProductsJobs() async throws {
        let directory = try TemporaryDirectory()
        let output = directory.url("out").path
        let feed = try String(contentsOfFile: RepositoryPaths.fixture("feeds/quickstart.csv"), encoding: .utf8)
        let feedCopy = try directory.feedBesideFixtureImages(feed, named: "quickstart.csv")
        await #expect(try run(["run", spec, "--output", output, "--feed", feedCopy], in: directory).exitCode == 0)
        let before = try readManifest(output)

        let edited = feed.replacingOccurrences(of: "Articulated Desk Lamp", with: "Articulated LED Desk Lamp")
        #expect(edited != feed)
        try edited.write(toFile: feedCopy, atomically: true, encoding: .utf8)
        let rerun = try await run(["run", spec, "--output", output, "--feed", feedCopy], in: directory)
        #expect(rerun.exitCode == 0, "stderr: \(rerun.stderr)")
        #expect(rerun.stdout.contains("0 new, 2 changed, 10 unchanged; 2 submitted, 2 stored, 0 failed"))
        let after = try readManifest(output)
        let changed = after.items.filter { item in
            !before.items.contains {
                $0.product_id == item.product_id && $0.variant_id == item.variant_id && $0.sha256 == item.sha256
            }
        }
        #expect(Set(changed.map(\.product_id)) == ["LAMP-014"])
        #expect(after.items.first { $0.product_id == "LAMP-014" }?.prompt.contains("Articulated LED Desk Lamp") == true)
    }

    @Test func aMissingFeedFileEndsInOneLineErrorAndNoManifest() async throws {
        let directory = try TemporaryDirectory()
        let output = directory.url("out").path
        let result = try await run(["run", spec, "--output", output, "--feed", "no-such-feed.csv"], in: directory)
        #expect(result.exitCode == 3)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(result.stderr.contains("no-such-feed.csv: cannot read the feed: no such file"))
        #expect(
            !FileManager.default.fileExists(
                atPath: URL(fileURLWithPath: output).appendingPathComponent("manifest.json").path))
    }

    @Test func aRowWithoutAnIDNamesTheFileAndLineAndWritesNoManifest() async throws {
        let directory = try TemporaryDirectory()
        let output = directory.url("out").path
        let feed = try directory.write(
            """
            id,title,image_link
            A-1,First,https://example.com/a.png
            ,Second,https://example.com/b.png
            A-3,Third,https://example.com/c.png

            """, to: "feed.csv")
        let result = try await run(["run", spec, "--output", output, "--feed", feed], in: directory)
        #expect(result.exitCode == 3)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("feed.csv:3: the row has no id"), "\(result.stderr)")
        #expect(
            !FileManager.default.fileExists(
                atPath: URL(fileURLWithPath: output).appendingPathComponent("manifest.json").path))
    }

    @Test func anInvalidSpecPrintsLocatedDiagnosticsAndExits3() async throws {
        let directory = try TemporaryDirectory()
        let spec = try directory.write(
            """
            version: 1
            feed:
              source: feed.csv
            prompt: "{{titel}} on a table"
            output:
              foldr: out

            """, to: "broken.yml")
        let result = try await run(["run", spec], in: directory)
        #expect(result.exitCode == 3)
        #expect(
            result.stderr.contains(
                "broken.yml:4:10: error: unknown field `{{titel}}` in prompt; did you mean `{{title}}`?"),
            "\(result.stderr)")
        #expect(
            result.stderr.contains("broken.yml:6:3: error: unknown key `foldr` in `output`; did you mean `folder`?"))
    }
}
