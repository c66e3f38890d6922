import CatalogModel
import Foundation

/// Reads a feed from a local file (or standard input for `-`) in fixed-size chunks, so memory
/// does not grow with the file.
public enum FeedFile {
    public static let chunkSize = 1 << 18

    /// Streams every valid product of the feed at `path` to `body`; returns the report.
    /// Throws `FeedError` for an unreadable or malformed feed, or one past its error budget.
    @discardableResult
    public static func read(
        atPath path: String, displayName: String? = nil, options: FeedOptions, body: (consuming Product) throws -> Void
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
        try forEachChunk(of: handle, name: name) { try reader.consume($0, emit: body) }
        try reader.finish(emit: body)
        return reader.report
    }

    /// Hands the file's bytes to `body` chunk by chunk, through one buffer filled by read(2): no
    /// allocation per chunk.
    public static func forEachChunk(
        of handle: FileHandle, name: String, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = readChunk(handle.fileDescriptor, into: buffer)
            if count < 0 {
                if errno == EINTR { continue }
                throw FeedError.cannotOpen(feed: name, reason: String(cString: strerror(errno)))
            }
            guard count > 0 else { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }
}

/// read(2), named so it is not shadowed by `FeedFile.read`.
private func readChunk(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
    read(descriptor, buffer.baseAddress, buffer.count)
}
