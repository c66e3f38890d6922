import Approval
import CatalogModel
import Foundation
import JobStore
import PipelineSpec

/// What the review commands (`manifest`, `approve`, `reject`, `review`, `export`) share: the
/// spec's state store and a publisher of its manifest. They need no feed: the store knows the
/// items the last run planned.
struct ReviewContext {
    let spec: PipelineSpec
    let store: JobStore
    let publisher: ManifestPublisher

    /// Exits 1 with a hint when the spec has never run.
    init(specPath: String, output: OutputFolderOption) throws {
        var spec = try SpecLoading.load(specPath)
        if let folder = output.output { spec.output.folder = SpecLoader.resolveCommandLinePath(folder) }
        guard let store = try PlanBuilder.existingStore(for: spec) else {
            Console.error(
                "\(spec.name) has no generated images yet (no state in \(PipelineRun.displayPath(spec.output.folder))); "
                    + "run `catalog-refresh run \(specPath)` first")
            throw ExitStatus.failure.exitCode
        }
        self.init(spec: spec, store: store)
    }

    init(spec: PipelineSpec, store: JobStore) {
        self.spec = spec
        self.store = store
        let bytes = FileManager.default.contents(atPath: spec.file).map { [UInt8]($0) }
        publisher = ManifestPublisher(
            store: store, folder: spec.output.folder,
            spec: Manifest.SpecIdentity(
                name: spec.name, file: spec.fileFromOutputFolder, sha256: bytes.map { SHA256.hash($0).hex }),
            publicBaseURL: spec.output.publicBaseURL, compliance: Self.channels(spec.exports))
    }

    /// The channels the spec's `exports:` section names, all three without one.
    static func channels(_ exports: ExportSettings) -> ComplianceChannels {
        let declared = exports.declaredChannels ?? ["amazon", "merchant_center", "shopify"]
        return ComplianceChannels(
            amazon: declared.contains("amazon"), merchantCenter: declared.contains("merchant_center"),
            shopify: declared.contains("shopify"), amazonMain: exports.amazon.main,
            merchantLifestyle: exports.merchantCenter.attribute == .lifestyleImageLink,
            conformMain: exports.amazon.conformMain)
    }
}
