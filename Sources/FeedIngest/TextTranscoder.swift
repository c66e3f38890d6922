/// Converts single-byte Windows-1252 or ISO-8859-1 text to UTF-8, for CSV exports from
/// spreadsheets and older PIMs. Stateless per byte, so chunk boundaries do not matter.
struct TextTranscoder {
    let encoding: FeedEncoding
    private var output: [UInt8] = []

    init(encoding: FeedEncoding) {
        self.encoding = encoding
    }

    /// Windows-1252's printable characters in 0x80–0x9F (the five undefined bytes map to
    /// themselves as C1 controls, as WHATWG's decoder does).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,
        0x017E, 0x0178,
    ]

    mutating func transcode(_ input: UnsafeRawBufferPointer, body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        output.removeAll(keepingCapacity: true)
        output.reserveCapacity(input.count + input.count / 4)
        for byte in input {
            if byte < 0x80 {
                output.append(byte)
                continue
            }
            let scalar: UInt32 =
                encoding == .windows1252 && byte < 0xA0 ? Self.windows1252High[Int(byte) - 0x80] : UInt32(byte)
            if scalar < 0x800 {
                output.append(UInt8(0xC0 | (scalar >> 6)))
                output.append(UInt8(0x80 | (scalar & 0x3F)))
            } else {
                output.append(UInt8(0xE0 | (scalar >> 12)))
                output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                output.append(UInt8(0x80 | (scalar & 0x3F)))
            }
        }
        try output.withUnsafeBytes { try body($0) }
    }
}
