import AssetStorage
import CatalogModel
import Foundation
import JobStore

/// Turns a `manifest.json` back into the store rows it was written from (`recover`): each
/// item's job (with its fingerprint, so the next run finds it current and pays nothing), its
/// output and its review decision. Every image is checked on disk first: a file missing, or
/// whose sha256 is not the manifest's, leaves its item out, as does an item whose recorded
/// fingerprint is not that of its own prompt, references and settings; the next run generates
/// those again.
public struct ManifestRecovery: Sendable {
    /// The output folder the manifest and images are in.
    public let folder: String
    /// The spec's variants, for the option texts the manifest does not hold.
    public let variants: [Variant]

    public init(folder: String, variants: [Variant]) {
        self.folder = folder
        self.variants = variants
    }

    /// An item left out, and why.
    public struct LeftOut: Sendable, Equatable {
        public var name: String
        public var reason: String
    }

    /// What the store is rebuilt with, and what could not be.
    public struct Outcome: Sendable {
        public var items: [RestoredItem] = []
        public var leftOut: [LeftOut] = []
        /// What an older manifest could not give (the recovery is partial in those respects).
        public var notes: [String] = []
        public var run: RestoredRun
        public var folderID: String?
        public var decisions: Int { items.count { $0.review != nil } }
    }

    public func recover(_ manifest: RecoverableManifest, specName: String) -> Outcome {
        var outcome = Outcome(run: Self.run(manifest.run, specName: specName), folderID: manifest.folderID)
        let schema = manifest.schemaVersion ?? 1
        if manifest.folderID == nil {
            outcome.notes.append(
                "manifest.json (schema \(schema)) has no folder id: the rebuilt store has a new one, written into "
                    + "the manifest now")
        }
        if schema < 2 {
            outcome.notes.append(
                "manifest.json (schema \(schema)) records no review decisions: every image is pending again")
        }
        var seen = Set<JobKey>()
        for item in manifest.items {
            let name = "\(item.productID ?? "?") [\(item.variantID ?? "?")]"
            do {
                let restored = try restore(item)
                guard seen.insert(restored.job.key).inserted else {
                    throw Problem("listed twice in the manifest")
                }
                outcome.items.append(restored)
            } catch let problem as Problem {
                outcome.leftOut.append(LeftOut(name: name, reason: problem.reason))
            } catch {
                outcome.leftOut.append(LeftOut(name: name, reason: "\(error)"))
            }
        }
        return outcome
    }

    private struct Problem: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private func restore(_ item: RecoverableManifest.Item) throws -> RestoredItem {
        func need<T>(_ value: T?, _ field: String) throws -> T {
            guard let value else { throw Problem("the manifest does not say its \(field)") }
            return value
        }
        let key = JobKey(
            productID: try need(item.productID, "product_id"), variantID: try need(item.variantID, "variant_id"))
        let path = try need(item.path, "path")
        let sha256 = try need(item.sha256, "sha256")
        guard Self.isInsideFolder(path) else { throw Problem("its path `\(path)` leads outside the output folder") }
        let url = URL(fileURLWithPath: folder).appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Problem("\(path) is missing")
        }
        let bytes = [UInt8](data)
        guard SHA256.hash(bytes).hex == sha256 else {
            throw Problem("\(path) does not match the manifest's sha256 (the file changed since it was stored)")
        }
        guard let info = ImageSniffer.sniff(bytes) else { throw Problem("\(path) is not an image") }
        let settings = ImageSettings(
            model: try need(item.model, "model"), size: try need(item.size, "size"),
            resolution: try need(item.resolution, "resolution"), quality: item.quality)
        let references = try need(item.references, "references").map { reference in
            let link = try need(reference.link, "reference link")
            return ReferenceImage(link: link, location: location(of: link, preview: reference.preview))
        }
        let cost = item.estimatedCostUSD.flatMap { $0.isFinite && $0 >= 0 && $0 < 1_000_000 ? Money(usd: $0) : nil }
        var job = Job(
            key: key, productTitle: item.productTitle ?? key.productID, variant: variant(key.variantID, item.variants),
            prompt: try need(item.prompt, "prompt"), references: references, settings: settings,
            estimatedCost: cost ?? .zero)
        let fingerprint = try need(item.fingerprint, "fingerprint")
        guard job.fingerprint.hex == fingerprint else {
            throw Problem("its fingerprint is not that of its prompt, references and image settings")
        }
        job.fingerprint = JobFingerprint(hex: fingerprint)
        let output = OutputRecord(
            path: path, sha256: sha256, format: info.format.rawValue, width: info.width, height: info.height,
            bytes: bytes.count, taskID: item.taskID ?? "unknown", fingerprint: fingerprint,
            storedAt: item.generatedAt.flatMap(Self.date))
        return RestoredItem(job: job, output: output, review: review(of: item, sha256: sha256))
    }

    /// The decision the manifest shows for the image (it holds for this sha256 only).
    private func review(of item: RecoverableManifest.Item, sha256: String) -> Review? {
        guard let state = item.reviewState.flatMap(ReviewState.init(rawValue:)), state != .pending else { return nil }
        return Review(
            state: state, reviewer: item.reviewer ?? "unknown", note: item.reviewNote,
            reviewedAt: item.reviewedAt.flatMap(Self.date) ?? Date(), sha256: sha256)
    }

    /// The spec's variant of that id (with its option texts), else one made from the id.
    private func variant(_ id: String, _ options: [String: String]?) -> Variant {
        if let known = variants.first(where: { $0.id == id }) { return known }
        let parsed = id.split(separator: ",").compactMap { part -> VariantOption? in
            let pieces = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pieces.count == 2 else { return nil }
            return VariantOption(axis: pieces[0], id: options?[pieces[0]] ?? pieces[1], fields: [:])
        }
        return Variant(options: parsed)
    }

    /// A local reference's copy in `references/` (where the manifest's preview points), or the
    /// link itself for a remote one.
    private func location(of link: String, preview: String?) -> String {
        if link.hasBytePrefix("http://") || link.hasBytePrefix("https://") { return link }
        guard let preview, !preview.isEmpty, Self.isInsideFolder(preview) else { return link }
        return URL(fileURLWithPath: folder).appendingPathComponent(preview).path
    }

    /// A relative path with no `..`: a hostile manifest must not make recover read elsewhere.
    static func isInsideFolder(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
            && !path.contains("\0")
    }

    static func date(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }

    private static func run(_ run: RecoverableManifest.Run?, specName: String) -> RestoredRun {
        RestoredRun(
            id: run?.id, specName: specName, status: run?.status ?? "finished",
            startedAt: run?.startedAt.flatMap(date) ?? Date(), finishedAt: run?.finishedAt.flatMap(date))
    }
}
