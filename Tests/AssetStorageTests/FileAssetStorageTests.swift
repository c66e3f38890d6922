import CatalogModel
import CatalogTestSupport
import Foundation
import Testing

@testable import AssetStorage

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

    @Test func stagedFilesAppearOnlyWhenPublishedAndReplaceWholly() throws {
        let directory = try TemporaryDirectory()
        let storage = FileAssetStorage(root: directory.path)
        _ = try storage.store(Array("old".utf8), at: "images/a/1.png")
        let contents = ["images/a/1.png": "new one", "images/a/2.png": "two", "images/b/1.png": "three"]
        let staged = try contents.keys.sorted().map { try storage.stage(Array(contents[$0, default: ""].utf8), at: $0) }

        #expect(try storage.read("images/a/1.png") == Array("old".utf8))
        #expect(!FileManager.default.fileExists(atPath: directory.url("images/a/2.png").path))
        for file in staged {
            #expect(FileManager.default.fileExists(atPath: file.temporaryPath))
            #expect(file.temporaryPath.hasPrefix(directory.path + "/" + file.asset.path + ".tmp-\(getpid())-"))
        }

        let published = storage.publish(staged)
        #expect(published.map { try? $0.get() } == staged.map(\.asset))
        for (path, text) in contents {
            #expect(try storage.read(path) == Array(text.utf8))
            #expect(staged.first { $0.asset.path == path }?.asset.sha256 == SHA256.hash(Array(text.utf8)).hex)
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.url("images/a").path).sorted() == [
                "1.png", "2.png",
            ])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url("images/b").path) == ["1.png"])
    }

    /// New folders' entries are made durable with the file: staging says which it made.
    @Test func stagingSaysWhichFoldersItMade() throws {
        let directory = try TemporaryDirectory()
        let storage = FileAssetStorage(root: directory.path)
        let first = try storage.stage([1], at: "images/a/b/c.png")
        #expect(first.newFolders == ["images", "images/a", "images/a/b"].map { directory.path + "/" + $0 })
        let second = try storage.stage([2], at: "images/a/b/d.png")
        #expect(second.newFolders.isEmpty)
        let third = try storage.stage([3], at: "images/a/e/f.png")
        #expect(third.newFolders == [directory.path + "/images/a/e"])
        #expect(storage.publish([first, second, third]).allSatisfy { (try? $0.get()) != nil })
    }

    @Test(arguments: [
        ("6.18.44-fc-v669", true), ("5.8.0", true), ("5.15.0-101-generic", true), ("5.4.0-150-generic", false),
        ("4.18.0-553.el8_10.x86_64", false), ("", false), ("linux", false), ("5", false),
    ])
    func syncfsIsTrustedFromLinux58(release: String, trusted: Bool) {
        #expect(DurableGroup.isLinux(release, atLeast: (5, 8)) == trusted)
    }

    @Test(arguments: [1, 3])
    func aFileThatCannotGoInPlaceFailsAloneAndLeavesNothing(groupSize: Int) throws {
        let directory = try TemporaryDirectory()
        let storage = FileAssetStorage(root: directory.path)
        let paths = (1...groupSize).map { "images/p\($0)/v.png" }
        let staged = try paths.map { try storage.stage(Array($0.utf8), at: $0) }
        // A folder where the first file should go: rename(2) cannot replace it.
        try directory.write("in the way", to: "images/p1/v.png/inside")

        let published = storage.publish(staged)
        guard case .failure(let error) = published[0] else {
            Issue.record("a file was put in place of a folder")
            return
        }
        #expect(error.description.hasPrefix("cannot store images/p1/v.png: "))
        #expect(!FileManager.default.fileExists(atPath: staged[0].temporaryPath))
        for (path, outcome) in zip(paths, published).dropFirst() {
            #expect((try? outcome.get())?.path == path)
            #expect(try storage.read(path) == Array(path.utf8))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url("images/p1").path) == ["v.png"])
    }

    @Test(arguments: [false, true])
    func failuresSayWhichFile(staged: Bool) throws {
        let directory = try TemporaryDirectory()
        try directory.write("a file, not a folder", to: "images")
        let storage = FileAssetStorage(root: directory.path)
        let error = #expect(throws: AssetStorageError.self) {
            if staged {
                _ = try storage.stage([1], at: "images/x/y.png")
            } else {
                _ = try storage.store([1], at: "images/x/y.png")
            }
        }
        #expect(error?.description.hasPrefix("cannot store images/x/y.png: ") == true)
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
