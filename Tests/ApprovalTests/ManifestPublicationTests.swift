import Approval
import AssetStorage
import CatalogModel
import CatalogTestSupport
import Foundation
import JobStore
import Testing

/// #24: a publication that has nothing new to show leaves the three files as they are (bytes,
/// modification time, inode); a decision, a replaced file or another spec writes them again,
/// streamed from the store in batches and byte for byte what the in-memory writer writes.
@Suite(.offThePool)
struct ManifestPublicationTests {
    static let files = ["manifest.json", "manifest.csv", "review.html"]

    /// Each file's bytes, modification time (ns) and inode.
    struct Stamp: Equatable {
        var bytes: Data
        var modified: Date?
        var inode: UInt64?
    }

    static func stamps(_ folder: String) throws -> [String: Stamp] {
        var stamps: [String: Stamp] = [:]
        for name in files {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            stamps[name] = Stamp(
                bytes: try Data(contentsOf: URL(fileURLWithPath: path)),
                modified: attributes[.modificationDate] as? Date,
                inode: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value)
        }
        return stamps
    }

    @Test func aPublicationWithNothingNewLeavesTheFilesAsTheyAre() throws {
        let fixture = try ReviewFixture()
        let first = try fixture.publisher.publish(ending: .init(status: "finished", at: Date()))
        #expect(first.written && first.items == 4 && first.pending == 4)
        let before = try Self.stamps(fixture.folder)
        // Another run ending with nothing changed: its own id and time do not force a write.
        let again = try fixture.publisher.publish(ending: .init(status: "finished", at: Date() + 3600))
        #expect(!again.written)
        #expect(again.items == 4 && again.pending == 4, "the counts of the files as they are")
        #expect(try Self.stamps(fixture.folder) == before)
        // A new run that plans the same items changes nothing either.
        let runID = try fixture.store.beginRun(specName: "review-fixture")
        try fixture.store.setManifestKeys(fixture.keys.reversed())
        try fixture.store.finishRun(runID, status: "finished")
        #expect(try !fixture.publisher.publish().written)
        #expect(try Self.stamps(fixture.folder) == before)
    }

    @Test func aDecisionWritesThemAgain() throws {
        let fixture = try ReviewFixture()
        try fixture.publisher.publish()
        let before = try Self.stamps(fixture.folder)
        try fixture.store.record([ReviewDecision(key: fixture.keys[0], state: .approved, reviewer: "ana")])
        let after = try fixture.publisher.publish()
        #expect(after.written && after.approved == 1 && after.pending == 3)
        let stamps = try Self.stamps(fixture.folder)
        for name in Self.files { #expect(stamps[name]?.bytes != before[name]?.bytes, "\(name)") }
        let manifest = try JSONDecoder().decode(
            Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: fixture.folder + "/manifest.json")))
        #expect(manifest.items.first { $0.productID == fixture.keys[0].productID }?.reviewState == "approved")
        // And a rejection of the same item, again.
        try fixture.store.record([ReviewDecision(key: fixture.keys[0], state: .rejected, reviewer: "ana")])
        #expect(try fixture.publisher.publish().rejected == 1)
    }

    @Test func aFileChangedGoneOrAnotherSpecWritesThemAgain() throws {
        let fixture = try ReviewFixture()
        try fixture.publisher.publish()
        let written = try Self.stamps(fixture.folder)
        try FileManager.default.removeItem(atPath: fixture.folder + "/manifest.csv")
        #expect(try fixture.publisher.publish().written)
        try Data("edited".utf8).write(to: URL(fileURLWithPath: fixture.folder + "/review.html"))
        #expect(try fixture.publisher.publish().written)
        #expect(try Self.stamps(fixture.folder).mapValues(\.bytes) == written.mapValues(\.bytes))
        let renamed = ManifestPublisher(
            store: fixture.store, folder: fixture.folder, spec: .init(name: "renamed", file: "renamed.yml"),
            publicBaseURL: nil)
        #expect(try renamed.publish().written)
        #expect(try !renamed.publish().written)
        #expect(try fixture.publisher.publish(force: true).written, "`manifest` writes on demand")
    }

    /// The streamed files are the in-memory writer's, byte for byte (whose goldens pin the
    /// format), with compliance judged.
    @Test func streamedFilesAreTheInMemoryWritersFiles() throws {
        let fixture = try ReviewFixture(compliance: ComplianceChannels())
        try fixture.store.record([
            ReviewDecision(key: fixture.keys[1], state: .rejected, reviewer: "ben", note: "<b>halo</b>\n2")
        ])
        let ending = ManifestPublisher.RunEnding(status: "finished", at: Date(timeIntervalSince1970: 1_800_000_000))
        try fixture.publisher.publish(ending: ending)
        let streamed = try Self.stamps(fixture.folder).mapValues(\.bytes)
        let other = try TemporaryDirectory()
        try ManifestWriter.write(try fixture.publisher.manifest(ending: ending), to: other.path)
        #expect(try Self.stamps(other.path).mapValues(\.bytes) == streamed)
    }

    /// Items are made on the reading thread and written on another: a row that cannot be read
    /// after batches were already written stops the publication with that row's error, the
    /// writing thread stops, and the published files stay as they were with no temporary file
    /// left beside them.
    @Test func aRowThatCannotBeReadMidWayLeavesThePublishedFiles() async throws {
        let directory = try TemporaryDirectory()
        let folder = directory.url("out").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = try JobStore(path: folder + "/state.sqlite")
        try Self.restore(2_000, into: store)
        var publisher = ManifestPublisher(
            store: store, folder: folder, spec: .init(name: "big", file: "big.yml"), publicBaseURL: nil)
        publisher.batchSize = 64
        try publisher.publish()
        let before = try Self.stamps(folder)
        // Near the end, so that earlier batches are written first; the update moves the
        // manifest generation, so the next publication writes.
        let sqlite = try await ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "sqlite3", folder + "/state.sqlite",
                "UPDATE outputs SET job_json = '{broken' WHERE job_key LIKE '%P-001900%'; SELECT changes()",
            ])
        #expect(sqlite.stdout == "1\n", "sqlite3 (installed by .ci/run): \(sqlite.stderr)")
        #expect(throws: DecodingError.self) { try publisher.publish() }
        #expect(try Self.stamps(folder) == before)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".tmp") }
        #expect(left.isEmpty, "\(left)")
    }

    /// 20,000 items read 256 at a time: the publication never holds more rows than a batch,
    /// nor more cards than the page's limit, and the files list every item.
    @Test func aLargeManifestIsWrittenInBatches() throws {
        let directory = try TemporaryDirectory()
        let folder = directory.url("out").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = try JobStore(path: folder + "/state.sqlite")
        let count = 20_000
        try Self.restore(count, into: store)
        var publisher = ManifestPublisher(
            store: store, folder: folder, spec: .init(name: "big", file: "big.yml"), publicBaseURL: nil)
        publisher.batchSize = 256
        publisher.layout = ReviewPageLayout(embeddedLimit: 100, pageSize: 500)
        let publication = try publisher.publish()
        #expect(publication.items == count && publication.approved == 6667 && publication.pending == 13_333)
        #expect(publication.largestBatch == 256)
        #expect(publication.embeddedOnPage == 100)
        #expect(publication.dataPages == 27 + 14, "13,233 pending then 6,667 decided, 500 a file")
        let csv = try String(contentsOfFile: folder + "/manifest.csv", encoding: .utf8)
        #expect(csv.split(separator: "\r\n").count == count + 1)
        let manifest = try JSONDecoder().decode(
            Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json")))
        #expect(manifest.items.count == count)
        #expect(manifest.items.map(\.productID) == manifest.items.map(\.productID).sorted())
        #expect(ManifestHead.read(folder: folder)?.hasItems == true)
        #expect(try !publisher.publish().written)
    }

    /// `count` stored images of one variant each, every third approved.
    static func restore(_ count: Int, into store: JobStore) throws {
        try store.restore(
            (0..<count).map { index in
                let job = Job(
                    key: JobKey(productID: String(format: "P-%06d", index), variantID: "background=marble"),
                    productTitle: "Product \(index)",
                    variant: Variant(options: [VariantOption(axis: "background", id: "marble", fields: [:])]),
                    prompt: "product \(index) on marble", references: [], settings: ImageSettings(),
                    estimatedCost: Money(usd: 0.05))
                let sha256 = SHA256.hash(Array("\(index)".utf8)).hex
                return RestoredItem(
                    job: job,
                    output: OutputRecord(
                        path: "images/\(index).png", sha256: sha256, format: "png", width: 8, height: 8, bytes: 9,
                        taskID: "task-\(index)", fingerprint: job.fingerprint.hex),
                    review: index % 3 == 0
                        ? Review(state: .approved, reviewer: "ana", note: nil, reviewedAt: Date(), sha256: sha256)
                        : nil)
            }, run: RestoredRun(id: 1, specName: "big", status: "finished", startedAt: Date(), finishedAt: nil),
            folderID: nil)
    }
}
