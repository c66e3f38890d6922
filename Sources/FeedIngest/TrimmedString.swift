import CatalogModel
import Foundation

extension ASCIITrim {
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
