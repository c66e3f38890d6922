import AssetStorage
import CatalogModel
import Foundation
import JobStore

/// What the last publication wrote, beside the files (`.manifest-published.json`, written after
/// them): the store generation it read, a digest of everything else the files depend on (spec,
/// public URL, channels judged, tool version, page layout), its counts, and each file's size,
/// modification time and inode. A publisher finding all of them as it would write them again
/// leaves the files alone. Anything else (a file edited, replaced or gone, a crash between the
/// files and this record, another store) fails the comparison, and the files are written.
struct PublishedManifest: Codable {
    static let fileName = ".manifest-published.json"

    struct FileStamp: Codable, Equatable {
        var name: String
        var size: Int64
        /// Seconds since 1970, as precise as the file system keeps them.
        var modified: Double
        var inode: UInt64
    }

    var generation: ManifestGeneration
    var inputs: String
    var publication: ManifestPublication
    var files: [FileStamp]

    /// The stamps of the files a publication wrote, or `nil` if one is missing.
    static func stamps(folder: String, dataFolder: String?) -> [FileStamp]? {
        let names = ["manifest.json", "manifest.csv", "review.html"] + (dataFolder.map { [$0] } ?? [])
        var stamps: [FileStamp] = []
        for name in names {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let modified = attributes[.modificationDate] as? Date
            else { return nil }
            stamps.append(
                FileStamp(
                    name: name, size: (attributes[.size] as? NSNumber)?.int64Value ?? -1,
                    modified: modified.timeIntervalSince1970,
                    inode: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0))
        }
        return stamps
    }

    static func read(folder: String) -> PublishedManifest? {
        let path = URL(fileURLWithPath: folder).appendingPathComponent(fileName).path
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(PublishedManifest.self, from: data)
    }

    func write(folder: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(
            Array(try encoder.encode(self)) + [0x0A],
            to: URL(fileURLWithPath: folder).appendingPathComponent(Self.fileName).path)
    }

    /// The files are what a publication of `generation` with `inputs` would write.
    func isCurrent(generation: ManifestGeneration, inputs: String, folder: String) -> Bool {
        self.generation == generation && self.inputs == inputs
            && Self.stamps(folder: folder, dataFolder: publication.dataFolder) == files
    }
}
