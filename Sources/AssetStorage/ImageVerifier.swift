import CatalogModel

/// Checks that a downloaded image is whole, not just that it starts like one: a truncated or
/// corrupted result must never be stored as if it were good.
///
/// PNG: every chunk's length fits and its CRC-32 matches, ending with `IEND`. JPEG: it ends
/// with the end-of-image marker. WebP: the RIFF size matches the byte count.
public enum ImageVerifier {
    /// The image's format and size if it is complete and intact; `nil` otherwise.
    public static func verify(_ bytes: [UInt8]) -> ImageInfo? {
        verifying(bytes)
    }

    /// `verify`, for bytes held elsewhere: a downloaded result, mapped from its file.
    public static func verify(_ bytes: UnsafeRawBufferPointer) -> ImageInfo? {
        verifying(bytes)
    }

    private static func verifying<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> ImageInfo?
    where Bytes.Index == Int {
        guard let info = ImageSniffer.sniffing(bytes) else { return nil }
        switch info.format {
        case .png: return pngIsIntact(bytes) ? info : nil
        case .jpeg:
            return bytes.count >= 4 && bytes[bytes.count - 2] == 0xFF && bytes[bytes.count - 1] == 0xD9 ? info : nil
        case .webp:
            guard bytes.count >= 8 else { return nil }
            let riffSize = Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 | Int(bytes[7]) << 24
            return riffSize + 8 == bytes.count ? info : nil
        }
    }

    private static func pngIsIntact<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Bool
    where Bytes.Index == Int {
        var offset = 8
        while offset + 12 <= bytes.count {
            let length =
                Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8
                | Int(bytes[offset + 3])
            let end = offset + 8 + length
            guard length >= 0, end + 4 <= bytes.count else { return false }
            let stored =
                UInt32(bytes[end]) << 24 | UInt32(bytes[end + 1]) << 16 | UInt32(bytes[end + 2]) << 8
                | UInt32(bytes[end + 3])
            guard CRC32.checksum(bytes[(offset + 4)..<end]) == stored else { return false }
            if bytes[(offset + 4)..<(offset + 8)].elementsEqual("IEND".utf8) { return end + 4 == bytes.count }
            offset = end + 4
        }
        return false
    }
}
