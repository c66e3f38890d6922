import AssetStorage
import CatalogModel
import CatalogTestSupport
import Foundation
import Testing

@Suite("Output path attacks")
struct OutputPathAttackTests {
    func job(_ id: String, variant: String = "background=marble", fileName: String? = nil) -> Job {
        var job = Job(
            key: JobKey(productID: id, variantID: variant), productTitle: id, variant: Variant(options: []),
            prompt: "p", references: [], settings: ImageSettings(), estimatedCost: .zero)
        job.fileName = fileName
        return job
    }

    /// #20 item 3: `a/b/c` sanitises to the folder `a_b_c-d76a7b72`, which is also a valid id of
    /// its own: one paid image overwrote the other. The plan's check names both.
    @Test func idsThatSanitiseAlikeCollide() {
        let jobs = [job("a/b/c"), job("x"), job("a_b_c-d76a7b72")]
        #expect(OutputNaming.relativeStem(for: jobs[0]) == OutputNaming.relativeStem(for: jobs[2]))
        let collision = OutputPathCollision.first(in: jobs)
        #expect(
            collision
                == OutputPathCollision(
                    first: jobs[0].key, second: jobs[2].key, path: "images/a_b_c-d76a7b72/marble"))
        #expect(
            collision?.description.hasPrefix(
                "a/b/c [background=marble] and a_b_c-d76a7b72 [background=marble] would both write images/a_b_c-d76a7b72/marble"
            ) == true)
    }

    /// #20 item 3: ids that differ only in case share a file on macOS and Windows volumes.
    @Test func idsDifferingOnlyInCaseCollide() {
        let collision = OutputPathCollision.first(in: [job("Mug-1"), job("MUG-1")])
        #expect(collision?.path == "images/MUG-1/marble")
    }

    /// #20 item 3: a `file_name` that renders alike for two jobs.
    @Test func fileNamesThatRenderAlikeCollide() {
        let jobs = [job("A", fileName: "x"), job("B", fileName: "x")]
        #expect(OutputPathCollision.first(in: jobs)?.path == "images/x")
        #expect(OutputPathCollision.first(in: [job("A"), job("B"), job("A", variant: "background=teal")]) == nil)
    }

    /// #20 item 9: after a crash the temporary-file cleanup walked the whole tree below the
    /// output folder (all of `/` for `folder: /`). It walks the folder's own files and the
    /// folders the tool makes there, nothing else.
    @Test func theCleanupWalksOnlyTheToolsFolders() throws {
        let directory = try TemporaryDirectory()
        let dead = try AbandonedTemporaryFilesTests.deadPID()
        let ours = [
            "manifest.json.tmp-\(dead)-1", "images/p/a.png.tmp-\(dead)-2", "references/r.png.tmp-\(dead)-3",
            "exports/a.zip.tmp-\(dead)-4",
        ]
        let notOurs = ["home/user/notes.txt.tmp-\(dead)-5", "projects/x/y.png.tmp-\(dead)-6"]
        for path in ours + notOurs { _ = try directory.write("x", to: path) }
        let removed = AbandonedTemporaryFiles.remove(under: directory.path, writtenBy: dead)
        #expect(Set(removed) == Set(ours))
        for path in notOurs { #expect(FileManager.default.fileExists(atPath: directory.url(path).path), "\(path)") }
    }
}
