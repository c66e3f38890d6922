import AssetStorage
import Foundation

/// `manifest.json` written item by item, byte for byte what `JSONEncoder` (pretty-printed,
/// sorted keys, slashes unescaped) writes for the whole manifest: the encoder writes the manifest
/// without items (the text before and after the items), and each item alone, indented to its
/// place. Pretty-printed JSON escapes every line break inside a string, so indenting each line
/// of an item cannot touch a value.
struct ManifestJSONLayout {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Up to and including `"items" : [`.
    let prefix: [UInt8]
    /// What the encoder writes between the brackets of no items.
    let empty: [UInt8]
    /// From the closing bracket to the end of the file (its newline included).
    let suffix: [UInt8]
    private let encoder = Self.encoder()
    /// Items are two levels deep.
    private static let indent = Array("    ".utf8)

    init(header: Manifest) throws {
        var header = header
        header.items = []
        let bytes = Array(try Self.encoder().encode(header))
        let marker = Array("\"items\" : [".utf8)
        guard let opening = bytes.firstRange(of: marker),
            let closing = bytes[opening.upperBound...].firstIndex(of: UInt8(ascii: "]"))
        else { throw ManifestLayoutError() }
        prefix = Array(bytes[..<opening.upperBound])
        empty = Array(bytes[opening.upperBound..<closing])
        suffix = Array(bytes[closing...]) + [0x0A]
    }

    /// Writes one item, the first or a following one.
    func write(_ item: Manifest.Item, first: Bool, to output: BufferedFileOutput) throws {
        let bytes = Array(try encoder.encode(item))
        try output.write(first ? [0x0A] : [UInt8(ascii: ","), 0x0A])
        var lineStart = bytes.startIndex
        for index in bytes.indices where bytes[index] == 0x0A {
            try output.write(Self.indent)
            try output.write(bytes[lineStart...index])
            lineStart = index + 1
        }
        try output.write(Self.indent)
        try output.write(bytes[lineStart...])
    }

    /// Closes the items: `count` of them were written.
    func close(count: Int, to output: BufferedFileOutput) throws {
        try output.write(count == 0 ? empty : Array("\n  ".utf8))
        try output.write(suffix)
    }
}

/// The encoder's text for a manifest without items has no `"items" : [` (it never happens: the
/// key is always written).
struct ManifestLayoutError: Error, CustomStringConvertible {
    var description: String { "manifest.json: the encoder wrote no items array" }
}
