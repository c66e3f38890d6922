import Approval
import CatalogModel
import CatalogTestSupport
import Foundation
import JobStore
import Testing

/// #20 item 6, the parts `recover` and the folder check stand on, against hostile and old
/// manifests.
@Suite("Manifest recovery attacks")
struct ManifestRecoveryAttackTests {
    /// A folder with one real image and a manifest item (schema 2, no folder id) describing it.
    func folder(path: String = "images/P-1/background=marble.png") throws -> (TemporaryDirectory, [String: Any]) {
        let directory = try TemporaryDirectory()
        let png = TestPNG.encode(width: 16, height: 16, color: (200, 10, 10))
        try FileManager.default.createDirectory(
            at: directory.url("images/P-1"), withIntermediateDirectories: true)
        try Data(png).write(to: directory.url("images/P-1/background=marble.png"))
        let settings = ImageSettings(quality: "low")
        let references = [ReferenceImage(link: "https://shop.test/p1.png", location: "https://shop.test/p1.png")]
        let fingerprint = JobFingerprint(settings: settings, prompt: "P on marble", references: references)
        let item: [String: Any] = [
            "product_id": "P-1", "variant_id": "background=marble", "variants": ["background": "marble"],
            "prompt": "P on marble",
            "references": [["link": "https://shop.test/p1.png", "preview": "https://shop.test/p1.png"]],
            "model": settings.model, "size": settings.size, "resolution": settings.resolution, "quality": "low",
            "task_id": "task-unified-1", "path": path, "sha256": SHA256.hash(png).hex, "format": "png",
            "width": 16, "height": 16, "bytes": png.count, "estimated_cost_usd": 0.0126,
            "fingerprint": fingerprint.hex, "review_state": "approved", "reviewer": "ana",
            "reviewed_at": "2026-11-20T01:00:00Z",
        ]
        return (directory, item)
    }

    func decode(_ items: [[String: Any]], schema: Int = 2) throws -> RecoverableManifest {
        let json = try JSONSerialization.data(withJSONObject: ["schema_version": schema, "items": items])
        return try JSONDecoder().decode(RecoverableManifest.self, from: json)
    }

    /// #20 item 6: a manifest from before folder ids (schema 2) still recovers, with the
    /// decision, and says the recovery has no folder id to keep.
    @Test func anOldManifestRecoversWithItsDecisionAndSaysWhatItLacked() throws {
        let (directory, item) = try folder()
        let outcome = ManifestRecovery(folder: directory.path, variants: [])
            .recover(try decode([item]), specName: "fixture")
        #expect(outcome.items.count == 1 && outcome.leftOut.isEmpty, "\(outcome.leftOut)")
        #expect(outcome.items.first?.review?.state == .approved && outcome.items.first?.review?.reviewer == "ana")
        #expect(outcome.notes.contains { $0.contains("no folder id") }, "\(outcome.notes)")
    }

    /// #20 item 6: a hostile manifest cannot make `recover` read outside the folder, nor record
    /// a fingerprint that is not its item's (which would make the next run skip a job whose image
    /// does not match its prompt), nor list one job twice.
    @Test func traversalForgedFingerprintsAndDuplicatesAreLeftOut() throws {
        let (directory, item) = try folder()
        var escaping = item
        escaping["path"] = "../../../etc/passwd"
        var forged = item
        forged["product_id"] = "P-2"
        forged["prompt"] = "something else entirely"
        let outcome = ManifestRecovery(folder: directory.path, variants: [])
            .recover(try decode([escaping, forged, item, item]), specName: "fixture")
        #expect(outcome.items.count == 1)
        #expect(outcome.leftOut.map(\.reason).contains { $0.contains("outside the output folder") })
        #expect(outcome.leftOut.map(\.reason).contains { $0.contains("fingerprint") })
        #expect(outcome.leftOut.map(\.reason).contains { $0.contains("listed twice") })
    }

    /// #20 item 6: the folder check reads `folder_id` and whether any image is listed from the
    /// head of the manifest, without parsing its items; a folder with a manifest but no store
    /// is refused, one without a manifest is new.
    @Test func theFolderCheckRefusesAMissingStoreBesideAManifest() throws {
        let (directory, item) = try folder()
        #expect(FolderStateCheck.inspect(folder: directory.path).problem == nil, "no manifest: a new folder")
        let manifest = try JSONSerialization.data(
            withJSONObject: ["folder_id": "abc", "items": [item], "schema_version": 3],
            options: [.prettyPrinted, .sortedKeys])
        try manifest.write(to: directory.url("manifest.json"))
        #expect(ManifestHead.read(folder: directory.path) == ManifestHead(hasItems: true, folderID: "abc"))
        #expect(FolderStateCheck.inspect(folder: directory.path).problem == .missing)
        #expect(throws: FolderStateError.self) { try FolderStateCheck.openOrCreateStore(folder: directory.path) }
        #expect(!FileManager.default.fileExists(atPath: directory.url("state.sqlite").path))
    }

    /// A manifest that cannot be read (cut short by a full disk, edited by hand) beside images:
    /// the folder was taken for new, its images overwritten and paid for again. Without images
    /// it is still a new folder.
    @Test func aDamagedManifestBesideImagesStillProtectsThem() throws {
        let (directory, _) = try folder()
        // What a crash on some filesystems leaves: the file's size, but zeros.
        try Data(repeating: 0, count: 8192).write(to: directory.url("manifest.json"))
        #expect(ManifestHead.read(folder: directory.path) == nil)
        #expect(FolderStateCheck.inspect(folder: directory.path).problem == .missing)
        #expect(throws: FolderStateError.self) { try FolderStateCheck.openOrCreateStore(folder: directory.path) }

        try FileManager.default.removeItem(at: directory.url("images"))
        #expect(FolderStateCheck.inspect(folder: directory.path).problem == nil)
    }
}
