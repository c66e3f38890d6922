import Approval
import CatalogTestSupport
import Foundation
import Testing

/// Every file an export wrote, by path relative to its destination (folders walked).
func exportedFiles(in destination: String) throws -> [String: [UInt8]] {
    var files: [String: [UInt8]] = [:]
    let root = URL(fileURLWithPath: destination)
    for name in try FileManager.default.subpathsOfDirectory(atPath: destination).sorted() {
        var isFolder: ObjCBool = false
        let url = root.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else {
            continue
        }
        files[name] = [UInt8](try Data(contentsOf: url))
    }
    return files
}

/// Export baselines live with the target's other goldens, in `Tests/ApprovalTests/Goldens/`:
/// `Golden` looks beside the "file" it is given, so it is given this folder.
func exportGoldenMismatch(_ text: String, named name: String, folder: String = #filePath) -> String? {
    Golden.mismatch(text, named: name, testFile: URL(fileURLWithPath: folder).deletingLastPathComponent().path)
}

/// The summary as the CLI prints it, with the temporary destination made stable.
func summaryText(_ summary: ExportSummary) -> String {
    summary.lines.joined(separator: "\n").replacingOccurrences(of: summary.destination, with: "<destination>") + "\n"
}

@Suite(.offThePool)
struct ExportTests {
    @Test(arguments: ExportFormat.allCases)
    func eachFormatMatchesItsGoldens(format: ExportFormat) throws {
        let fixture = try ExportFixture()
        let destination = try TemporaryDirectory()
        let summary = try Export.run(fixture.request(format, into: destination.path))
        let files = try exportedFiles(in: destination.path)
        var checked: [String: String] = ["summary.txt": summaryText(summary)]
        for (name, bytes) in files where !name.hasPrefix(ExportFormat.amazon.fileNames[0]) && !name.hasSuffix(".zip") {
            checked[name] = String(decoding: bytes, as: UTF8.self)
        }
        if format == .amazon { checked["listing.txt"] = files.keys.sorted().joined(separator: "\n") + "\n" }
        for (name, text) in checked {
            let golden = "export-\(format.rawValue)/\(name)"
            let mismatch = exportGoldenMismatch(text, named: golden)
            #expect(mismatch == nil, "\(mismatch ?? "")")
        }
        #expect(summary.approvedCount == 11)
        #expect(summary.files == format.fileNames.sorted())
    }

    @Test(arguments: ExportFormat.allCases)
    func exportingTwiceWritesIdenticalFiles(format: ExportFormat) throws {
        let fixture = try ExportFixture()
        let first = try TemporaryDirectory()
        let second = try TemporaryDirectory()
        let once = try Export.run(fixture.request(format, into: first.path))
        let again = try Export.run(fixture.request(format, into: first.path))
        let elsewhere = try Export.run(fixture.request(format, into: second.path))
        #expect(once == again)
        #expect(once.violations == elsewhere.violations)
        #expect(try exportedFiles(in: first.path) == exportedFiles(in: second.path))
        #expect(try exportedFiles(in: first.path).keys.allSatisfy { !$0.contains(".tmp-") && !$0.contains(".old-") })
    }

    @Test(arguments: ExportFormat.allCases)
    func nothingApprovedWritesAnEmptyExportAndSaysSo(format: ExportFormat) throws {
        let fixture = try ExportFixture()
        let destination = try TemporaryDirectory()
        let pending = fixture.items.map {
            var item = $0
            item.reviewState = "pending"
            return item
        }
        let summary = try Export.run(fixture.request(format, into: destination.path, items: pending))
        #expect(summary.isEmpty && summary.approvedCount == 0 && summary.violations.isEmpty)
        #expect(summary.headline.hasPrefix("nothing approved — empty \(format.rawValue) export written"))
        #expect(summary.files == format.fileNames.sorted())
        let files = try exportedFiles(in: destination.path)
        let text = files.values.map { String(decoding: $0, as: UTF8.self) }.joined()
        #expect(!text.contains("Q-1") && !text.contains("https://"))
        switch format {
        case .shopify: #expect(text == "Handle,Title,Image Src,Image Position,Image Alt Text\r\n")
        case .json: #expect(text.filter { !$0.isWhitespace } == "[]")
        case .amazon:
            #expect(files.keys.sorted() == ["amazon-images.zip"] && ZipListing(files.values.first ?? [])?.entries == [])
        case .csv, .merchantCenter: #expect(text.split(separator: "\n").count <= 12)
        }
    }

    @Test func violationsAreReportedPerItemWithWhatToDo() throws {
        let fixture = try ExportFixture()
        let destination = try TemporaryDirectory()
        func rules(_ format: ExportFormat) throws -> [String] {
            try Export.run(fixture.request(format, into: destination.path)).violations.map {
                "\($0.productID) \($0.variantID) \($0.rule.rawValue)"
            }
        }
        #expect(try rules(.shopify) == ["Q-1 scene=summer missing_public_url"])
        #expect(try rules(.merchantCenter) == ["F-5 scene=marble too_small", "Q-1 scene=summer missing_public_url"])
        #expect(
            try rules(.amazon) == [
                "<i>X-8</i> scene=marble invalid_identifier", "C,7\"x scene=marble invalid_identifier",
                "F-5 scene=marble too_small", "T\t10\nx scene=marble invalid_identifier",
                "日本-9 scene=marble invalid_identifier",
            ])
        #expect(try rules(.csv).isEmpty && rules(.json).isEmpty)
        let missing = try Export.run(fixture.request(.shopify, into: destination.path)).violations.first
        #expect(missing?.remedy.contains("set output.public_base_url") == true)
        let small = try Export.run(fixture.request(.amazon, into: destination.path)).violations.first {
            $0.productID == "F-5"
        }
        #expect(small?.reason == "200×200 px is below Amazon's minimum of 1000 px on the long edge")
    }

    @Test func aChangedOrMissingFileIsAViolationNotAnExport() throws {
        let fixture = try ExportFixture()
        let destination = try TemporaryDirectory()
        let approved = fixture.items.filter { $0.reviewState == "approved" }
        let changed = try #require(approved.first { $0.productID == "U-4" })
        let missing = try #require(approved.first { $0.productID == "N-3" })
        try fixture.output.write("not the image", to: changed.path)
        try FileManager.default.removeItem(atPath: fixture.output.url(missing.path).path)
        var escaping = try #require(approved.first { $0.productID == "S-2" })
        escaping.path = "../../etc/passwd"
        let items = approved.filter { $0.productID != "S-2" } + [escaping]
        let summary = try Export.run(fixture.request(.csv, into: destination.path, items: items))
        #expect(
            summary.violations.map { "\($0.productID) \($0.rule.rawValue)" } == [
                "N-3 file_missing", "S-2 unsafe_path", "U-4 file_changed",
            ])
        #expect(summary.exportedCount == 8)
        #expect(summary.headline.contains("exported 8 of 11 approved images as csv"))
    }
}
