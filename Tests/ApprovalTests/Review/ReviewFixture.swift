import Approval
import AssetStorage
import CatalogModel
import CatalogTestSupport
import Foundation
import JobStore

/// A state store with generated images for four products whose titles carry everything that
/// breaks careless pages (quotes, markup, a line break, non-Latin text), each image a real PNG
/// in the output folder, and a publisher over it: what `catalog-refresh review` serves.
struct ReviewFixture {
    static let products = [
        ("MUG-1", "Mug \"Classic\", 12 oz", "mug.png"),
        ("LAMP-2", "<script>alert('x')</script> Lamp", "desk-lamp.png"),
        ("BAG-3", "Two-line\ntitle", "backpack.png"),
        ("急須-4", "日本の急須 — Ø 10 cm", "plant-pot.png"),
    ]

    let directory: TemporaryDirectory
    let store: JobStore
    let publisher: ManifestPublisher
    let keys: [JobKey]
    var folder: String { publisher.folder }

    /// `images` replaces the stored image of a product (by id) with crafted PNG bytes;
    /// `compliance` makes the publisher judge items for those channels.
    init(images: [String: [UInt8]] = [:], compliance: ComplianceChannels? = nil) throws {
        directory = try TemporaryDirectory()
        let folder = directory.url("out").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        store = try JobStore(path: directory.url("out/state.sqlite").path)
        let runID = try store.beginRun(specName: "review-fixture")
        var keys: [JobKey] = []
        for (id, title, image) in Self.products {
            let reference = RepositoryPaths.fixture("images/\(image)")
            let job = Job(
                key: JobKey(productID: id, variantID: "background=marble"), productTitle: title,
                variant: Variant(options: [VariantOption(axis: "background", id: "marble", fields: [:])]),
                prompt: "\(title) on marble", references: [ReferenceImage(link: image, location: reference)],
                settings: ImageSettings(), estimatedCost: Money(usd: 0.05))
            let bytes = try images[id] ?? [UInt8](Data(contentsOf: URL(fileURLWithPath: reference)))
            let size = ImageSniffer.sniff(bytes).map { ($0.width, $0.height) } ?? (384, 384)
            let path = "images/\(id)/marble.png"
            try directory.write(bytes, to: "out/\(path)")
            try store.walkToStored(
                job, runID: runID,
                output: OutputRecord(
                    path: path, sha256: SHA256.hash(bytes).hex, format: "png", width: size.0, height: size.1,
                    bytes: bytes.count, taskID: "task-unified-1-\(keys.count)", fingerprint: job.fingerprint.hex))
            keys.append(job.key)
        }
        try store.setManifestKeys(keys)
        try store.finishRun(runID, status: "finished")
        self.keys = keys.sorted()
        publisher = ManifestPublisher(
            store: store, folder: folder, spec: .init(name: "review-fixture", file: "review-fixture.yml"),
            publicBaseURL: nil, compliance: compliance)
    }

    func state(of key: JobKey) throws -> ReviewState {
        try store.reviews()[key]?.state ?? .pending
    }
}

extension ReviewFixture {
    /// A fresh fixture served by a review server (reviewer `ana`) for the length of `body`.
    static func withServer(_ body: (ReviewFixture, RunningReviewServer) async throws -> Void) async throws {
        let fixture = try ReviewFixture()
        let server = try await RunningReviewServer.start(publisher: fixture.publisher, reviewer: "ana")
        do {
            try await body(fixture, server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
