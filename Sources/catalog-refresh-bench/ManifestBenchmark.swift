import Approval
import ArgumentParser
import CatalogModel
import Foundation
import JobStore

/// `catalog-refresh-bench manifest`: the manifest files of a large catalogue, written from a
/// store as the end of a run writes them, and the no-op check a run that changed nothing makes.
struct ManifestBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manifest",
        abstract: "Write manifest.json, manifest.csv and review.html for N images from a store, then check a no-op.",
        discussion: """
            Fills a store in a fresh folder through its own API (`restore`, in chunks, so the setup holds one chunk), \
            --variants images per product with remote references and every --approve-every'th image approved. Then \
            times, with the peak resident memory of each part alone: the streamed publication, a publication with \
            nothing changed (the no-op check a nightly run makes), one decision and the publication after it, and \
            with --in-memory the whole manifest built in memory and written (what every run did before).
            """)

    @Option(help: "Images (products × variants).")
    var images = 2_000_000

    @Option(help: "Images per product.")
    var variants = 2

    @Option(help: "Approve every n-th image (0: none).")
    var approveEvery = 4

    @Flag(help: "Also build the whole manifest in memory and write it, for comparison.")
    var inMemory = false

    @Option(help: "The folder the store and files go in; a temporary folder by default.")
    var folder: String?

    func validate() throws {
        guard images > 0, variants > 0, approveEvery >= 0 else {
            throw ValidationError("--images and --variants must be positive, --approve-every not negative")
        }
    }

    func run() throws {
        let parent = folder.map(URL.init(fileURLWithPath:)) ?? FileManager.default.temporaryDirectory
        let output = parent.appendingPathComponent("catalog-refresh-manifest-bench").path
        try? FileManager.default.removeItem(atPath: output)
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: output) }
        let store = try JobStore(path: output + "/state.sqlite")
        let setup = try Self.measure { try fill(store) }
        print(String(format: "setup: %d images in %.1f s", images, setup.seconds))
        let publisher = ManifestPublisher(
            store: store, folder: output, spec: .init(name: "bench", file: "bench.yml"), publicBaseURL: nil)

        var publication: ManifestPublication?
        let written = try Self.measure { publication = try publisher.publish() }
        let sizes = ["manifest.json", "manifest.csv", "review.html"].map { name in
            (try? FileManager.default.attributesOfItem(atPath: output + "/" + name)[.size] as? Int) ?? 0
        }
        written.print("publish (streamed)")
        if let publication {
            print(
                "  \(publication.items) items, largest batch \(publication.largestBatch) rows, "
                    + "\(publication.embeddedOnPage) cards in review.html, \(publication.dataPages) review-data files; "
                    + String(
                        format: "manifest.json %.0f MB, manifest.csv %.0f MB, review.html %.1f MB",
                        Double(sizes[0]) / 1e6, Double(sizes[1]) / 1e6, Double(sizes[2]) / 1e6))
        }
        var skipped = true
        let noOp = try Self.measure { skipped = try !publisher.publish().written }
        noOp.print("publish with nothing changed (\(skipped ? "skipped" : "WRITTEN"))")

        let key = JobKey(productID: Self.productID(0), variantID: Self.variantID(1))
        let decision = try Self.measure {
            try store.record([ReviewDecision(key: key, state: .rejected, reviewer: "bench")])
            try publisher.publish()
        }
        decision.print("one decision, then publish")

        if inMemory {
            let other = output + "/in-memory"
            try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
            let whole = try Self.measure { try ManifestWriter.write(try publisher.manifest(), to: other) }
            whole.print("whole manifest in memory, then written")
        }
    }

    static func productID(_ index: Int) -> String { String(format: "SKU-%08d", index) }
    static func variantID(_ index: Int) -> String { "background=studio-\(index)" }

    /// The store, 50,000 images per transaction, as `recover` fills one.
    private func fill(_ store: JobStore) throws {
        let chunk = 50_000
        for start in stride(from: 0, to: images, by: chunk) {
            let items = (start..<min(images, start + chunk)).map { index in
                let product = index / variants
                let link = "https://cdn.example.com/products/\(product)/0.jpg"
                let job = Job(
                    key: JobKey(productID: Self.productID(product), variantID: Self.variantID(index % variants)),
                    productTitle: "Product \(product), deluxe \"edition\"",
                    variant: Variant(options: [
                        VariantOption(axis: "background", id: "studio-\(index % variants)", fields: [:])
                    ]),
                    prompt: "Product \(product), deluxe \"edition\" in a bright studio. Keep the product exactly.",
                    references: [ReferenceImage(link: link, location: link)],
                    settings: ImageSettings(size: "1:1", quality: "medium"), estimatedCost: Money(usd: 0.0126))
                let sha256 = SHA256.hash(Array("image \(index)".utf8)).hex
                let approved = approveEvery > 0 && index % approveEvery == 0
                return RestoredItem(
                    job: job,
                    output: OutputRecord(
                        path: "images/\(job.key.productID)/studio-\(index % variants).png", sha256: sha256,
                        format: "png", width: 1024, height: 1024, bytes: 1_200_000, taskID: "task-\(index)",
                        fingerprint: job.fingerprint.hex, storedAt: Date(timeIntervalSince1970: 1_800_000_000)),
                    review: approved
                        ? Review(
                            state: .approved, reviewer: "bench", note: nil,
                            reviewedAt: Date(timeIntervalSince1970: 1_800_000_000), sha256: sha256) : nil)
            }
            try store.restore(
                items,
                run: RestoredRun(
                    id: nil, specName: "bench", status: "finished", startedAt: Date(), finishedAt: Date()),
                folderID: nil)
        }
    }

    /// Wall time and the peak resident memory of `body` alone (the kernel's high-water mark,
    /// reset before it).
    struct Measured {
        var seconds: Double
        var peakMegabytes: Double
        var startMegabytes: Double

        func print(_ what: String) {
            Swift.print(
                String(
                    format: "%@: %.3f s, peak RSS %.0f MB (%.0f MB before)", what, seconds, peakMegabytes,
                    startMegabytes))
        }
    }

    static func measure(_ body: () throws -> Void) throws -> Measured {
        // Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0 and later).
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        let before = ResourceUsage.residentMegabytes().now
        let started = ContinuousClock.now
        try body()
        let seconds = (ContinuousClock.now - started).seconds
        return Measured(seconds: seconds, peakMegabytes: ResourceUsage.residentMegabytes().peak, startMegabytes: before)
    }
}
