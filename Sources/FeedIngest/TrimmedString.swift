import CatalogModel

extension String {
    /// Valid UTF-8 bytes as a `String` without surrounding whitespace, trimmed before the
    /// `String` exists (feeds pad values, and building then trimming would allocate twice).
    init(trimming bytes: UnsafeBufferPointer<UInt8>) {
        func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var start = 0
        var end = bytes.count
        while start < end && isASCIISpace(bytes[start]) { start += 1 }
        while end > start && isASCIISpace(bytes[end - 1]) { end -= 1 }
        self = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        // Non-ASCII at an edge may be Unicode whitespace (a no-break space).
        if start < end && (bytes[start] >= 0x80 || bytes[end - 1] >= 0x80) {
            self = trimmingSurroundingWhitespace()
        }
    }
}
