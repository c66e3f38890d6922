import AssetStorage
import Foundation

/// The destination folder of one export: every file goes in atomically (temp, fsync, rename)
/// and is recorded, so the summary lists exactly what was written and a reader of the folder
/// never sees half a feed.
struct ExportFiles {
    let destination: String
    /// `export --check`: writers do all their work but nothing reaches the disk.
    let isDryRun: Bool
    private(set) var written: [String] = []

    init(destination: String, dryRun: Bool = false) throws(ExportError) {
        self.destination = destination
        self.isDryRun = dryRun
        if dryRun { return }
        do {
            try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateDestination(path: destination, reason: Self.reason(error))
        }
    }

    func path(_ name: String) -> String { URL(fileURLWithPath: destination).appendingPathComponent(name).path }

    mutating func write(_ bytes: [UInt8], to name: String) throws(ExportError) {
        if isDryRun { return }
        do {
            try AtomicFile.write(bytes, to: path(name))
        } catch {
            throw .cannotWrite(path: path(name), reason: Self.reason(error))
        }
        written.append(name)
    }

    mutating func write(_ text: String, to name: String) throws(ExportError) {
        try write(Array(text.utf8), to: name)
    }

    /// Records a file or folder that a writer put in place itself.
    mutating func record(_ name: String) {
        if !isDryRun { written.append(name) }
    }

    static func reason(_ error: any Error) -> String {
        if let storage = error as? AssetStorageError { return storage.reason }
        return (error as NSError).localizedFailureReason ?? String(describing: error)
    }
}
