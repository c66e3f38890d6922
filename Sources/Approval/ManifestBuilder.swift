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

    public func build(specName: String, specFile: String, items: [StoredItem]) throws -> Manifest {
        var copied: [String: String] = [:]
        let manifestItems = try items.map { item -> Manifest.Item in
            let job = item.record.job
            let references = try job.references.map { reference -> Manifest.Reference in
                if reference.isRemote { return .init(link: reference.link, preview: reference.location) }
                if let preview = copied[reference.location] { return .init(link: reference.link, preview: preview) }
                let preview = try copyReference(at: reference.location)
                copied[reference.location] = preview
                return .init(link: reference.link, preview: preview)
            }
            return Manifest.Item(
                productID: job.key.productID, productTitle: job.productTitle, variantID: job.key.variantID,
                variants: Dictionary(uniqueKeysWithValues: job.variant.options.map { ($0.axis, $0.id) }),
                prompt: job.prompt,
                references: references, model: job.settings.model, size: job.settings.size,
                resolution: job.settings.resolution, quality: job.settings.quality, taskID: item.output.taskID,
                path: item.output.path, publicURL: publicBaseURL.map { "\($0)/\(item.output.path)" },
                sha256: item.output.sha256, format: item.output.format,
                width: item.output.width,
                height: item.output.height, bytes: item.output.bytes, estimatedCostUSD: job.estimatedCost.usd,
                fingerprint: item.output.fingerprint, reviewState: "pending")
        }
        return Manifest(
            schemaVersion: Manifest.schemaVersion, spec: .init(name: specName, file: specFile), items: manifestItems)
    }

    /// Copies a local reference image into `references/<hash>.<ext>`. Anything that is not a
    /// regular image file of at most 50 MB is never copied into the output folder.
    private func copyReference(at path: String) throws -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let attributes, attributes[.type] as? FileAttributeType == .typeRegular,
            (attributes[.size] as? Int ?? .max) <= 50 << 20, let data = FileManager.default.contents(atPath: path),
            let info = ImageSniffer.sniff([UInt8](data))
        else { return "" }
        let bytes = [UInt8](data)
        let ext = info.format.fileExtension
        let relative = "references/\(SHA256.hash(bytes).hex.prefix(16)).\(ext)"
        if (try? storage.read(relative)) == bytes { return relative }
        return try storage.store(bytes, at: relative).path
    }
}
