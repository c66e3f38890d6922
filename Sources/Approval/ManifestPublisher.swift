import AssetStorage
import CatalogModel
import Foundation
import JobStore

/// Builds the manifest from the state store (the items of the last run's plan, their images'
/// provenance and review decisions) and writes `manifest.json`, `manifest.csv` and
/// `review.html`: at the end of a run, after review decisions, and on demand. Needs no feed.
public struct ManifestPublisher: Sendable {
    public let store: JobStore
    /// The output folder: images, references and the manifest files.
    public let folder: String
    public let spec: Manifest.SpecIdentity
    public let publicBaseURL: String?
    /// The channels whose compliance each item shows; `nil`: not judged.
    public let compliance: ComplianceChannels?

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

    /// `judged: false` leaves `compliance` out: `export` applies the rules itself and must
    /// write nothing, the store's measurement cache included.
    public func manifest(ending: RunEnding? = nil, judged: Bool = true) throws -> Manifest {
        let items = try store.storedItems(for: store.manifestKeys())
        let run = try store.lastRun().map { run in
            Manifest.RunIdentity(
                id: run.id, status: ending?.status ?? run.status, startedAt: ManifestBuilder.timestamp(run.startedAt),
                finishedAt: (ending?.at ?? run.finishedAt).map(ManifestBuilder.timestamp))
        }
        var manifest = try ManifestBuilder(storage: FileAssetStorage(root: folder), publicBaseURL: publicBaseURL)
            .build(
                spec: spec, run: run, items: items, reviews: try store.reviews(),
                listings: try store.listings(for: items.map(\.record.job.key)), folderID: try store.folderID())
        if judged, let compliance {
            let facts = MainImageFactsCache(store: store, folder: folder)
            for index in manifest.items.indices {
                let item = manifest.items[index]
                manifest.items[index].compliance = ComplianceAssessor.assess(item, channels: compliance) {
                    facts.facts(for: item)
                }
            }
        }
        return manifest
    }

    /// Writes the three files, each atomically; returns what was written. Publishers of the
    /// same folder (a run ending, the review server, a CLI decision) take turns on a lock file
    /// and read the store once they hold it, so the last files written are the newest.
    @discardableResult
    public func publish(ending: RunEnding? = nil) throws -> Manifest {
        try FileLock.withExclusiveLock(in: folder, name: ".manifest.lock") {
            let manifest = try manifest(ending: ending)
            try ManifestWriter.write(manifest, to: folder)
            return manifest
        }
    }
}
