import AssetStorage
import CatalogModel
import Foundation
import JobStore

/// Builds the manifest from the state store (the items of the last run's plan, their images'
/// provenance and review decisions) and writes `manifest.json`, `manifest.csv` and
/// `review.html`: at the end of a run, after review decisions, and on demand. Needs no feed.
///
/// A publication is streamed (`ManifestSnapshot` → `ManifestFilesWriter`), in the memory of one
/// batch of rows, and skipped when nothing it shows has changed since the last one
/// (`PublishedManifest`): the files are then left as they are, modification times included. The
/// manifest's `run` is the run that last wrote the files: a run that changed nothing leaves them
/// naming the run before it.
public struct ManifestPublisher: Sendable {
    /// Part of what a publication depends on: raised when the files' layout changes, so files
    /// written by an older build are written again.
    static let formatVersion = 1

    public let store: JobStore
    /// The output folder: images, references and the manifest files.
    public let folder: String
    public let spec: Manifest.SpecIdentity
    public let publicBaseURL: String?
    /// The channels whose compliance each item shows; `nil`: not judged.
    public let compliance: ComplianceChannels?
    /// How `review.html` is cut for a large catalogue.
    public var layout = ReviewPageLayout()
    /// Rows read from the store at a time while writing.
    public var batchSize = 512

    public init(
        store: JobStore, folder: String, spec: Manifest.SpecIdentity, publicBaseURL: String?,
        compliance: ComplianceChannels? = nil
    ) {
        self.store = store
        self.folder = folder
        self.spec = spec
        self.publicBaseURL = publicBaseURL
        self.compliance = compliance
    }

    /// How a run that is writing its manifest is about to end: the manifest says so, and the
    /// store records it only once the manifest and report are written, so a run is never called
    /// finished without them.
    public struct RunEnding: Sendable {
        public var status: String
        public var at: Date

        public init(status: String, at: Date) {
            self.status = status
            self.at = at
        }
    }

    /// The whole manifest in memory (for exports, the review server's API and selections).
    /// `judged: false` leaves `compliance` out: `export` applies the rules itself and must write
    /// nothing, the store's measurement cache included.
    public func manifest(ending: RunEnding? = nil, judged: Bool = true) throws -> Manifest {
        var manifest = try header(ending: ending)
        let snapshot = try store.manifestSnapshot()
        try forEachItem(in: snapshot, judged: judged) { manifest.items.append($0) }
        return manifest
    }

    /// The items of `keys` as the manifest shows them (those with an image), without reading
    /// the others: what the review server answers a decision with.
    public func items(for keys: some Sequence<JobKey>) throws -> [Manifest.Item] {
        var copies = ReferenceCopies()
        let builder = self.builder
        return try store.manifestSnapshot().rows(for: keys).map {
            try item($0, judged: true, builder: builder, copies: &copies)
        }
    }

    /// Writes the three files, each atomically, unless they already show what the store holds
    /// (`force` writes them regardless). Publishers of the same folder (a run ending, the review
    /// server, a CLI decision) take turns on a lock file and read the store once they hold it, so
    /// the last files written are the newest.
    @discardableResult
    public func publish(ending: RunEnding? = nil, force: Bool = false) throws -> ManifestPublication {
        try FileLock.withExclusiveLock(in: folder, name: ".manifest.lock") {
            let inputs = inputsDigest
            if !force, let published = PublishedManifest.read(folder: folder),
                published.isCurrent(generation: try store.manifestGeneration(), inputs: inputs, folder: folder)
            {
                var publication = published.publication
                publication.written = false
                publication.largestBatch = 0
                return publication
            }
            let snapshot = try store.manifestSnapshot()
            let publication = try write(snapshot, ending: ending)
            if let files = PublishedManifest.stamps(folder: folder, dataFolder: publication.dataFolder) {
                try PublishedManifest(
                    generation: snapshot.generation, inputs: inputs, publication: publication, files: files
                ).write(folder: folder)
            }
            return publication
        }
    }

    /// Everything but the store's rows that the files depend on.
    var inputsDigest: String {
        let channels = compliance.map { channels in
            [
                "amazon=\(channels.amazon)", "merchant=\(channels.merchantCenter)", "shopify=\(channels.shopify)",
                "lifestyle=\(channels.merchantLifestyle)", "conform=\(channels.conformMain)",
            ] + channels.amazonMain.sorted { $0.key < $1.key }.map { "main.\($0.key)=\($0.value)" }
        }
        let parts =
            [
                "schema=\(Manifest.schemaVersion)", "format=\(Self.formatVersion)", spec.name, spec.file,
                spec.sha256 ?? "-", publicBaseURL ?? "-", CatalogRefreshVersion.provenance.tool,
                CatalogRefreshVersion.provenance.version,
                "page=\(layout.embeddedLimit)/\(layout.pageSize)",
            ] + (channels ?? ["unjudged"])
        return SHA256.hash(Array(parts.joined(separator: "\u{0}").utf8)).hex
    }
}
