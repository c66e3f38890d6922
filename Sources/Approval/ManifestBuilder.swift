import AssetStorage
import CatalogModel
import Foundation
import JobStore

/// Builds the manifest from the store's stored items, copying local reference images into the
/// output folder (`references/`) so the review page travels with the folder.
public struct ManifestBuilder: Sendable {
    public let storage: any AssetStorage
    /// Where the output folder is served from (`output.public_base_url`), if anywhere.
    public let publicBaseURL: String?

    public init(storage: any AssetStorage, publicBaseURL: String? = nil) {
        self.storage = storage
        self.publicBaseURL = publicBaseURL
    }

    /// `reviews` are the decisions that hold for the items' current images; an item without
    /// one is pending.
    public func build(
        spec: Manifest.SpecIdentity, run: Manifest.RunIdentity? = nil, items: [StoredItem],
        reviews: [JobKey: Review] = [:], listings: [JobKey: Listing] = [:], folderID: String? = nil
    ) throws -> Manifest {
        var copies = ReferenceCopies()
        let manifestItems = try items.map { item in
            try self.item(
                item, review: reviews[item.record.job.key], listing: listings[item.record.job.key], copies: &copies)
        }
        return Manifest(
            schemaVersion: Manifest.schemaVersion, spec: spec, run: run, items: manifestItems, folderID: folderID,
            provenance: CatalogRefreshVersion.provenance)
    }

    /// One item of the manifest: what `build` makes of each stored item, and what a streaming
    /// publication makes of each row as it comes.
    func item(
        _ item: StoredItem, review: Review?, listing: Listing?, copies: inout ReferenceCopies
    ) throws -> Manifest.Item {
        let job = item.record.job
        let references = try job.references.map { reference -> Manifest.Reference in
            if reference.isRemote { return .init(link: reference.link, preview: reference.location) }
            if let known = copies[reference.location] {
                return .init(link: reference.link, preview: known.preview, sha256: known.sha256)
            }
            let copy = try copyReference(at: reference.location, link: reference.link)
            copies[reference.location] = copy
            return copy
        }
        var manifestItem = Manifest.Item(
            productID: job.key.productID, productTitle: job.productTitle, variantID: job.key.variantID,
            variants: Dictionary(uniqueKeysWithValues: job.variant.options.map { ($0.axis, $0.id) }),
            prompt: job.prompt,
            references: references, model: job.settings.model, size: job.settings.size,
            resolution: job.settings.resolution, quality: job.settings.quality, taskID: item.output.taskID,
            path: item.output.path, publicURL: publicBaseURL.map { "\($0)/\(item.output.path)" },
            sha256: item.output.sha256, format: item.output.format,
            width: item.output.width,
            height: item.output.height, bytes: item.output.bytes, estimatedCostUSD: job.estimatedCost.usd,
            fingerprint: item.output.fingerprint, generatedAt: item.output.storedAt.map(Self.timestamp),
            reviewState: (review?.state ?? .pending).rawValue, reviewer: review?.reviewer,
            reviewNote: review?.note, reviewedAt: review.map { Self.timestamp($0.reviewedAt) })
        manifestItem.listing = listing
        return manifestItem
    }

    /// ISO 8601 in UTC, to the second: what the manifest's timestamps look like.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// Copies a local reference image into `references/<hash>.<ext>`. Anything that is not a
    /// regular image file of at most 50 MB is never copied into the output folder.
    private func copyReference(at path: String, link: String) throws -> Manifest.Reference {
        guard let bytes = try? BoundedFile.read(path, limit: 50 << 20), let info = ImageSniffer.sniff(bytes) else {
            return .init(link: link, preview: "")
        }
        let hash = SHA256.hash(bytes).hex
        let relative = "references/\(hash.prefix(16)).\(info.format.fileExtension)"
        if (try? storage.read(relative)) != bytes { _ = try storage.store(bytes, at: relative) }
        return .init(link: link, preview: relative, sha256: hash)
    }
}
