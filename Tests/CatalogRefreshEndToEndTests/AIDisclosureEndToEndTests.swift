import AssetStorage
import CatalogModel
import CatalogTestSupport
import Foundation
import Testing

/// Every image file a run stores and every file the Amazon export writes says, in its own XMP,
/// that it is AI-generated (Google Merchant Center requires it), read by exiftool.
@Suite(.serialized)
struct AIDisclosureEndToEndTests {
    let spec = RepositoryPaths.pipelines.appendingPathComponent("quickstart.yml").path
    static let tags = ["XMP-iptcExt:DigitalSourceType", "XMP-catalogrefresh:ProductID", "XMP-catalogrefresh:TaskID"]

    func run(_ arguments: [String], in directory: TemporaryDirectory) async throws -> ProcessResult {
        try await ProcessRunner.run(RepositoryPaths.executable, arguments, workingDirectory: directory.path)
    }

    func files(under folder: URL, extension wanted: String) -> [URL] {
        let found = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.allObjects ?? []
        return found.compactMap { $0 as? URL }.filter { $0.pathExtension == wanted }.sorted { $0.path < $1.path }
    }

    @Test func storedResultsAndAmazonExportsDiscloseTheirOrigin() async throws {
        let directory = try TemporaryDirectory()
        let output = directory.url("out")
        let generated = try await run(["run", spec, "--output", output.path], in: directory)
        #expect(generated.exitCode == 0, "\(generated.stderr)")

        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("manifest.json")))
                as? [String: Any])
        let items = try #require(manifest["items"] as? [[String: Any]])
        #expect(items.count == 12)
        for item in items {
            let path = try #require(item["path"] as? String)
            let file = output.appendingPathComponent(path)
            let tags = try await ExifTool.read(Self.tags, in: file.path)
            #expect(tags["XMP-iptcExt:DigitalSourceType"] == AIDisclosure.digitalSourceType, "\(path): \(tags)")
            #expect(tags["XMP-catalogrefresh:ProductID"] == item["product_id"] as? String, "\(path): \(tags)")
            #expect(tags["XMP-catalogrefresh:TaskID"] == item["task_id"] as? String, "\(path): \(tags)")
            // The manifest's checksum is of the file as stored: tagged.
            let bytes = Array(try Data(contentsOf: file))
            #expect(SHA256.hash(bytes).hex == item["sha256"] as? String, "\(path)")
        }

        await #expect(
            try run(["approve", spec, "--output", output.path, "--all-pending"], in: directory).exitCode == 0)
        let exported = try await run(["export", spec, "--output", output.path, "--format", "amazon"], in: directory)
        #expect(exported.exitCode == 0, "\(exported.stdout) \(exported.stderr)")
        let jpegs = files(under: output.appendingPathComponent("exports"), extension: "jpg")
        #expect(jpegs.count == 12, "\(jpegs)")
        for jpeg in jpegs {
            let tags = try await ExifTool.read(Self.tags, in: jpeg.path)
            #expect(tags["XMP-iptcExt:DigitalSourceType"] == AIDisclosure.digitalSourceType, "\(jpeg.path): \(tags)")
            #expect(tags["XMP-catalogrefresh:TaskID"]?.hasPrefix("task-unified-") == true, "\(jpeg.path): \(tags)")
        }
    }
}
