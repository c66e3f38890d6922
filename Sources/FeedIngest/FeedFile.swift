import CatalogModel
import Foundation

/// Reads a feed from a local file (or standard input for `-`) in fixed-size chunks, so memory
/// does not grow with the file.
public enum FeedFile {
    public static let chunkSize = 1 << 16

    /// Streams every valid product of the feed at `path` to `body`; returns the report.
    /// Throws `FeedError` for an unreadable or malformed feed, or one past its error budget.
    @discardableResult
    public static func read(
        atPath path: String, displayName: String? = nil, options: FeedOptions, body: (Product) throws -> Void
    ) throws -> FeedReport {
        let name = displayName ?? path
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw FeedError.cannotOpen(feed: name, reason: "no such file")
            }
            guard !isDirectory.boolValue, let opened = FileHandle(forReadingAtPath: path) else {
                throw FeedError.cannotOpen(
                    feed: name, reason: isDirectory.boolValue ? "it is a directory" : "permission denied")
            }
            handle = opened
        }
        defer { if path != "-" { try? handle.close() } }
        let reader = FeedReader(feedName: name, options: options)
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: chunkSize)
            } catch {
                throw FeedError.cannotOpen(feed: name, reason: error.localizedDescription)
            }
            guard let chunk, !chunk.isEmpty else { break }
            try chunk.withUnsafeBytes { try reader.consume($0, emit: body) }
        }
        try reader.finish(emit: body)
        return reader.report
    }
}
