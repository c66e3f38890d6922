/// What an image file really is, read from its bytes rather than trusted from a header or a
/// file name.
public struct ImageInfo: Sendable, Equatable {
    public enum Format: String, Sendable, Codable {
        case png, jpeg, webp

        public var fileExtension: String { self == .jpeg ? "jpg" : rawValue }
        public var mimeType: String { "image/\(rawValue)" }
    }

    public var format: Format
    public var width: Int
    public var height: Int

    public init(format: Format, width: Int, height: Int) {
        self.format = format
        self.width = width
        self.height = height
    }
}

/// Reads format and dimensions from the first bytes of PNG, JPEG and WebP files.
public enum ImageSniffer {
    public static func sniff(_ bytes: [UInt8]) -> ImageInfo? {
        sniffing(bytes)
    }

    static func sniffing<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> ImageInfo? where Bytes.Index == Int {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return png(bytes) }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return jpeg(bytes) }
        if bytes.count >= 30, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return webp(bytes)
        }
        return nil
    }

    private static func bigEndian<Bytes: RandomAccessCollection<UInt8>>(
        _ bytes: Bytes, _ offset: Int, _ count: Int
    ) -> Int where Bytes.Index == Int {
        bytes[offset..<offset + count].reduce(0) { $0 << 8 | Int($1) }
    }

    private static func littleEndian<Bytes: RandomAccessCollection<UInt8>>(
        _ bytes: Bytes, _ offset: Int, _ count: Int
    ) -> Int where Bytes.Index == Int {
        bytes[offset..<offset + count].reversed().reduce(0) { $0 << 8 | Int($1) }
    }

    private static func png<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> ImageInfo?
    where Bytes.Index == Int {
        // The IHDR chunk must come first: length 13, type "IHDR", then width and height.
        guard bytes.count >= 33, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        let width = bigEndian(bytes, 16, 4)
        let height = bigEndian(bytes, 20, 4)
        guard width > 0, height > 0 else { return nil }
        return ImageInfo(format: .png, width: width, height: height)
    }

    private static func jpeg<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> ImageInfo?
    where Bytes.Index == Int {
        var offset = 2
        while offset + 9 < bytes.count {
            guard bytes[offset] == 0xFF else { return nil }
            let marker = bytes[offset + 1]
            if marker == 0xFF {
                offset += 1
                continue
            }
            // TEM (01) and RST0…RST7 (D0…D7) have no length: reading one as a segment would skip
            // into data libjpeg never reads as a header, and report a size it does not decode.
            if marker == 0x01 || (0xD0...0xD7).contains(marker) {
                offset += 2
                continue
            }
            let length = bigEndian(bytes, offset + 2, 2)
            // SOF0…SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
            if (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker) {
                let height = bigEndian(bytes, offset + 5, 2)
                let width = bigEndian(bytes, offset + 7, 2)
                guard width > 0, height > 0 else { return nil }
                return ImageInfo(format: .jpeg, width: width, height: height)
            }
            guard length >= 2 else { return nil }
            offset += 2 + length
        }
        return nil
    }

    private static func webp<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> ImageInfo?
    where Bytes.Index == Int {
        let chunk = String(decoding: bytes[12..<16], as: UTF8.self)
        switch chunk {
        case "VP8X":
            return ImageInfo(
                format: .webp, width: littleEndian(bytes, 24, 3) + 1, height: littleEndian(bytes, 27, 3) + 1)
        case "VP8L":
            let bits = littleEndian(bytes, 21, 4)
            return ImageInfo(format: .webp, width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1)
        case "VP8 ":
            return ImageInfo(
                format: .webp, width: littleEndian(bytes, 26, 2) & 0x3FFF, height: littleEndian(bytes, 28, 2) & 0x3FFF)
        default:
            return nil
        }
    }
}
