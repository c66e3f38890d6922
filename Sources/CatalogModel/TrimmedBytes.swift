extension String {
    /// Valid UTF-8 bytes as a `String` without surrounding whitespace, trimmed before the
    /// `String` exists (feeds pad values, and building then trimming would allocate twice).
    public init(trimming bytes: UnsafeBufferPointer<UInt8>) {
        let range = ASCIITrim.range(in: bytes)
        self = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        // Non-ASCII at an edge may be Unicode whitespace (a no-break space).
        if !range.isEmpty && (bytes[range.lowerBound] >= 0x80 || bytes[range.upperBound - 1] >= 0x80) {
            self = trimmingSurroundingWhitespace()
        }
    }
}

/// The ASCII whitespace (space, tab, CR, LF) around a field, found on its bytes.
public enum ASCIITrim {
    public static func range(in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var start = 0
        var end = bytes.count
        while start < end && isASCIISpace(bytes[start]) { start += 1 }
        while end > start && isASCIISpace(bytes[end - 1]) { end -= 1 }
        return start..<end
    }
}
