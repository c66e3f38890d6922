import AssetStorage
import CatalogModel
import CatalogTestSupport
import Foundation
import Testing

struct FileAssetStorageTests {
    @Test func storesAtomicallyWithHashAndSize() throws {
        let directory = try TemporaryDirectory()
        let storage = FileAssetStorage(root: directory.path)
        let bytes: [UInt8] = Array("hello".utf8)
        let asset = try storage.store(bytes, at: "images/a/b.png")
        #expect(asset == StoredAsset(path: "images/a/b.png", sha256: SHA256.hash(bytes).hex, bytes: 5))
        #expect(try storage.read("images/a/b.png") == bytes)
        _ = try storage.store(Array("replaced".utf8), at: "images/a/b.png")
        #expect(try storage.read("images/a/b.png") == Array("replaced".utf8))
        // No temporary files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url("images/a").path) == ["b.png"])
    }

    @Test func failuresSayWhichFile() throws {
        let directory = try TemporaryDirectory()
        try directory.write("a file, not a folder", to: "images")
        let error = #expect(throws: AssetStorageError.self) {
            try FileAssetStorage(root: directory.path).store([1], at: "images/x.png")
        }
        #expect(error?.description.hasPrefix("cannot store images/x.png") == true)
    }
}

struct OutputNamingTests {
    @Test(arguments: [
        "../../etc/passwd", "a/b", ".hidden", "Sneaker «Court» 42", "", "x\u{0}y", String(repeating: "z", count: 300),
    ])
    func hostileIDsBecomeOneSafeComponent(id: String) {
        let component = OutputNaming.safeComponent(id)
        #expect(!component.contains("/"))
        #expect(!component.hasPrefix("."))
        #expect(!component.isEmpty && component.count <= 89)
        #expect(component.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
    }

    @Test func safeIDsStayReadableAndDifferentIDsStayDifferent() {
        #expect(OutputNaming.safeComponent("MUG-001") == "MUG-001")
        #expect(OutputNaming.safeComponent("a/b") != OutputNaming.safeComponent("a_b"))
        #expect(
            OutputNaming.relativePath(
                for: JobKey(productID: "MUG-001", variantID: "background=marble,season=winter"), fileExtension: "png")
                == "images/MUG-001/marble--winter.png")
    }
}

struct TemplatedOutputNamingTests {
    func job(fileName: String?) -> Job {
        var job = Job(
            key: JobKey(productID: "A", variantID: "background=marble"), productTitle: "t",
            variant: Variant(options: []),
            prompt: "p", references: [], settings: ImageSettings(), estimatedCost: .zero)
        job.fileName = fileName
        return job
    }

    @Test func templatedNamesStayInsideImages() {
        #expect(
            OutputNaming.relativePath(for: job(fileName: "Kiln/A-marble"), fileExtension: "png")
                == "images/Kiln/A-marble.png")
        let hostile = OutputNaming.relativePath(for: job(fileName: "../../etc/x"), fileExtension: "png")
        #expect(hostile.hasPrefix("images/") && !hostile.contains("../"))
        #expect(OutputNaming.relativePath(for: job(fileName: nil), fileExtension: "png") == "images/A/marble.png")
    }
}
