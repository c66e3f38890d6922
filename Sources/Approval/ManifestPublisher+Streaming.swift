import AssetStorage
import CatalogModel
import Foundation
import JobStore
import Synchronization

extension ManifestPublisher {
    /// The manifest without its items: what precedes and follows them in `manifest.json`.
    func header(ending: RunEnding?) throws -> Manifest {
        let run = try store.lastRun().map { run in
            Manifest.RunIdentity(
                id: run.id, status: ending?.status ?? run.status, startedAt: ManifestBuilder.timestamp(run.startedAt),
                finishedAt: (ending?.at ?? run.finishedAt).map(ManifestBuilder.timestamp))
        }
        return Manifest(
            schemaVersion: Manifest.schemaVersion, spec: spec, run: run, items: [], folderID: try store.folderID(),
            provenance: CatalogRefreshVersion.provenance)
    }

    /// Streams `snapshot` into the three files: a few batches of rows in memory at a time. Rows
    /// are read and made into items on this thread, and encoded and written on another
    /// (`BatchHandOff`): at two million images each half is minutes of work.
    func write(_ snapshot: ManifestSnapshot, ending: RunEnding?) throws -> ManifestPublication {
        let writer = try ManifestFilesWriter(folder: folder, header: try header(ending: ending), layout: layout)
        let writing = Mutex(writer)
        let handOff = BatchHandOff<Manifest.Item>(capacity: 2, name: "catalog-refresh manifest") { items in
            try writing.withLock { writer in
                for item in items { try writer.add(item) }
            }
        }
        var largest = 0
        do {
            var copies = ReferenceCopies()
            let builder = self.builder
            try snapshot.forEachBatch(of: batchSize) { rows in
                largest = max(largest, rows.count)
                try handOff.put(try rows.map { try item($0, judged: true, builder: builder, copies: &copies) })
            }
            try handOff.finish()
            var publication = try writing.withLock { try $0.commit() }
            publication.largestBatch = largest
            return publication
        } catch {
            // The writing thread's error concerns earlier items: it is the one reported.
            var failure = error
            do { try handOff.finish() } catch let writingFailure { failure = writingFailure }
            writing.withLock { $0.discard() }
            throw failure
        }
    }

    /// Every item of `snapshot`, in catalogue order.
    func forEachItem(in snapshot: ManifestSnapshot, judged: Bool, _ body: (Manifest.Item) throws -> Void) throws {
        var copies = ReferenceCopies()
        let builder = self.builder
        try snapshot.forEachBatch(of: batchSize) { rows in
            for row in rows { try body(try item(row, judged: judged, builder: builder, copies: &copies)) }
        }
    }

    var builder: ManifestBuilder {
        ManifestBuilder(storage: FileAssetStorage(root: folder), publicBaseURL: publicBaseURL)
    }

    /// One row as the manifest shows it, judged for the spec's channels when asked.
    func item(
        _ row: ManifestRow, judged: Bool, builder: ManifestBuilder, copies: inout ReferenceCopies
    ) throws -> Manifest.Item {
        var item = try builder.item(row.item, review: row.review, listing: row.listing, copies: &copies)
        if judged, let compliance {
            let facts = MainImageFactsCache(store: store, folder: folder)
            let judgedItem = item
            item.compliance = ComplianceAssessor.assess(judgedItem, channels: compliance) {
                facts.facts(for: judgedItem)
            }
        }
        return item
    }
}
