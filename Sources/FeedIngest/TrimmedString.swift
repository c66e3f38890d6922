import CatalogModel
import Foundation

extension String {
    /// Valid UTF-8 bytes as a `String` without surrounding whitespace, trimmed before the
    /// `String` exists (feeds pad values, and building then trimming would allocate twice).
    init(trimming bytes: UnsafeBufferPointer<UInt8>) {
        let range = ASCIITrim.range(in: bytes)
        self = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        // Non-ASCII at an edge may be Unicode whitespace (a no-break space).
        if !range.isEmpty && (bytes[range.lowerBound] >= 0x80 || bytes[range.upperBound - 1] >= 0x80) {
            self = trimmingSurroundingWhitespace()
        }
    }
}

/// The ASCII whitespace (space, tab, CR, LF) around a field, found on its bytes.
enum ASCIITrim {
    static func range(in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var start = 0
        var end = bytes.count
        while start < end && isASCIISpace(bytes[start]) { start += 1 }
        while end > start && isASCIISpace(bytes[end - 1]) { end -= 1 }
        return start..<end
    }

    /// Whether `bytes`, trimmed as `String(trimming:)` trims them, read as `text`. Compared
    /// byte for byte when both are ASCII (no `String` made); otherwise as `String`s, whose
    /// equality is canonical (a composed é equals a decomposed one), as it always was.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, equals text: String) -> Bool {
        var text = text
        let range = range(in: bytes)
        let trimmed = UnsafeBufferPointer(rebasing: bytes[range])
        let asciiOnly = text.withUTF8 { textBytes -> Bool? in
            guard isASCII(trimmed) && isASCII(textBytes) else { return nil }
            guard textBytes.count == trimmed.count, let left = textBytes.baseAddress, let right = trimmed.baseAddress
            else { return textBytes.count == trimmed.count }
            return memcmp(left, right, trimmed.count) == 0
        }
        return asciiOnly ?? (String(trimming: bytes) == text)
    }

    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var combined: UInt8 = 0
        for byte in bytes { combined |= byte }
        return combined < 0x80
    }
}
