import Foundation

/// A fresh directory under the system's temporary folder, removed when the value is released
/// (tests hold it for their whole body).
public final class TemporaryDirectory: Sendable {
    public let path: String

    public init(prefix: String = "catalog-refresh-test") throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory())
        let url = base.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    public func url(_ relative: String) -> URL {
        URL(fileURLWithPath: path).appendingPathComponent(relative)
    }

    /// Writes `text` to `relative` (creating folders) and returns the absolute path.
    @discardableResult
    public func write(_ text: String, to relative: String) throws -> String {
        try write(Array(text.utf8), to: relative)
    }

    @discardableResult
    public func write(_ bytes: [UInt8], to relative: String) throws -> String {
        let url = url(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Writes `text` as `feeds/<name>` in this folder, the fixture images linked beside it as
    /// the repository has them (`../images/…` resolves), and returns its path: a test that edits
    /// a feed edits a copy of its own, never a file in the repository's fixtures, which other
    /// suites list while it runs.
    public func feedBesideFixtureImages(_ text: String, named name: String) throws -> String {
        let images = url("images").path
        if !FileManager.default.fileExists(atPath: images) {
            try FileManager.default.createSymbolicLink(
                atPath: images, withDestinationPath: RepositoryPaths.fixture("images"))
        }
        return try write(text, to: "feeds/" + name)
    }
}

/// Calls `body` with `bytes` cut into chunks of `size`, as a stream would deliver them; tests
/// use it to put record boundaries at every possible place.
public func forEachChunk(of bytes: [UInt8], size: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
    var index = 0
    while index < bytes.count {
        let chunk = Array(bytes[index..<min(bytes.count, index + size)])
        try chunk.withUnsafeBytes { try body($0) }
        index += size
    }
}
