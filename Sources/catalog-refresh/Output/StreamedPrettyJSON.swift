import Foundation

/// Pretty-printed JSON of a value whose one large top-level array is encoded item by item: the
/// bytes `JSONEncoder` writes for the whole value, without the encoder holding a tree of every
/// item at once (`plan --format json` of a new million-product catalog lists a million changes;
/// encoded whole, that took 1.2 GB).
enum StreamedPrettyJSON {
    /// Sorted keys, two-space indents, slashes as they are: what `plan` prints.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// How much text is gathered before it is handed to `emit`.
    static let chunkBytes = 1 << 16

    /// Hands `emit` the JSON of `shell` with `items` in its top-level array `key`, in pieces.
    /// `shell` holds that array empty; the pieces, joined, are what `JSONEncoder` writes for the
    /// value holding the items.
    static func write<Shell: Encodable, Item: Encodable>(
        _ shell: Shell, key: String, items: [Item], to emit: (String) throws -> Void
    ) throws {
        let encoder = encoder()
        let text = String(decoding: try encoder.encode(shell), as: UTF8.self)
        // An array member of the top-level object, empty: a string value cannot hold a newline
        // unescaped, so only the structure matches.
        let opening = "\n  \"\(key)\" : ["
        guard !items.isEmpty, let empty = text.range(of: opening + "\n\n  ]") else { return try emit(text) }
        var chunk = Array((text[..<empty.lowerBound] + opening).utf8)
        let indent = Array("    ".utf8)
        for (index, item) in items.enumerated() {
            chunk.append(contentsOf: (index == 0 ? "\n" : ",\n").utf8)
            // Nested two levels deeper: four more spaces on every line but the empty ones that
            // `JSONEncoder` writes inside an empty array. By bytes: splitting the text into
            // lines went a character at a time.
            try encoder.encode(item).withUnsafeBytes { encoded in
                var atLineStart = true
                for byte in encoded {
                    if atLineStart && byte != UInt8(ascii: "\n") { chunk.append(contentsOf: indent) }
                    atLineStart = byte == UInt8(ascii: "\n")
                    chunk.append(byte)
                }
            }
            if chunk.count >= chunkBytes {
                try emit(String(decoding: chunk, as: UTF8.self))
                chunk.removeAll(keepingCapacity: true)
            }
        }
        try emit(String(decoding: chunk, as: UTF8.self) + "\n  ]" + text[empty.upperBound...])
    }
}
