import Foundation

/// What the start of a `manifest.json` says, read without parsing its items (a catalogue's
/// manifest may be hundreds of megabytes, and every run asks): whether it lists any image, and
/// the folder id it was written with. The writer sorts keys and pretty-prints, so `folder_id`
/// and the opening of `items` come first; a file written otherwise is decoded whole.
public struct ManifestHead: Sendable, Equatable {
    /// The manifest lists at least one image.
    public var hasItems: Bool
    /// `folder_id`, or `nil` in a manifest before schema version 3.
    public var folderID: String?

    public init(hasItems: Bool, folderID: String?) {
        self.hasItems = hasItems
        self.folderID = folderID
    }

    /// The head of `folder`'s `manifest.json`; `nil` when there is none (a new folder), or
    /// when it cannot be read as a manifest (then it protects nothing and recovers nothing).
    public static func read(folder: String) -> ManifestHead? {
        let path = URL(fileURLWithPath: folder).appendingPathComponent("manifest.json").path
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        if let parsed = parse(Array(head)) { return parsed }
        guard let whole = FileManager.default.contents(atPath: path),
            let decoded = try? JSONDecoder().decode(Skeleton.self, from: whole)
        else { return nil }
        return ManifestHead(hasItems: !decoded.items.isEmpty, folderID: decoded.folderID)
    }

    /// `{ "folder_id" : "…", "items" : [ {` as the writer lays it out; `nil` if the bytes are
    /// laid out otherwise.
    static func parse(_ bytes: [UInt8]) -> ManifestHead? {
        var scanner = Scanner(bytes: bytes)
        guard scanner.take(UInt8(ascii: "{")) else { return nil }
        var folderID: String?
        guard var key = scanner.string() else { return nil }
        if key == "folder_id" {
            guard scanner.take(UInt8(ascii: ":")), let id = scanner.string(), scanner.take(UInt8(ascii: ",")),
                let next = scanner.string()
            else { return nil }
            folderID = id
            key = next
        }
        guard key == "items", scanner.take(UInt8(ascii: ":")), scanner.take(UInt8(ascii: "[")),
            let next = scanner.peek()
        else { return nil }
        return ManifestHead(hasItems: next != UInt8(ascii: "]"), folderID: folderID)
    }

    private struct Skeleton: Decodable {
        struct Ignored: Decodable {
            init(from decoder: any Decoder) throws {}
        }
        var items: [Ignored]
        var folderID: String?

        enum CodingKeys: String, CodingKey {
            case items, folderID = "folder_id"
        }
    }

    /// Whitespace-skipping reads of the few tokens the head holds (strings without escapes).
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func peek() -> UInt8? {
            while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
            return index < bytes.count ? bytes[index] : nil
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek() == byte else { return false }
            index += 1
            return true
        }

        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\") { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
    }
}
