/// XMP in a JPEG: an APP1 segment starting `http://ns.adobe.com/xap/1.0/` and a NUL, as the XMP
/// specification (part 3) lays it out. Tagging inserts or rewrites that one segment and copies
/// every other byte: the scan data and other segments (Exif, ICC, C2PA's APP11) are untouched.
enum JPEGXMP {
    static let header = Array("http://ns.adobe.com/xap/1.0/".utf8) + [0]
    /// A segment's length field counts itself: 65,535 bytes at most.
    static let maximumPacketBytes = 65_535 - 2 - header.count

    struct Segment {
        var marker: UInt8
        /// The whole segment, marker included.
        var range: Range<Int>
        var payload: Range<Int>
    }

    /// The segments before the scan data (SOI excluded); `nil` if the structure does not hold.
    static func segments<Bytes: RandomAccessCollection<UInt8>>(_ jpeg: Bytes) -> [Segment]? where Bytes.Index == Int {
        guard jpeg.starts(with: [0xFF, 0xD8]) else { return nil }
        var segments: [Segment] = []
        var offset = 2
        while offset + 4 <= jpeg.count, jpeg[offset] == 0xFF {
            let marker = jpeg[offset + 1]
            // Start of scan: the entropy-coded data follows; nothing after it is a header.
            if marker == 0xDA { return segments }
            let length = Int(jpeg[offset + 2]) << 8 | Int(jpeg[offset + 3])
            let end = offset + 2 + length
            guard length >= 2, end <= jpeg.count else { return nil }
            segments.append(Segment(marker: marker, range: offset..<end, payload: (offset + 4)..<end))
            offset = end
        }
        return nil
    }

    static func packet<Bytes: RandomAccessCollection<UInt8>>(
        in jpeg: Bytes, segments: [Segment]
    ) -> (text: String, segment: Segment)?
    where Bytes.Index == Int {
        for segment in segments where segment.marker == 0xE1 && jpeg[segment.payload].starts(with: header) {
            return (
                String(
                    decoding: jpeg[(segment.payload.lowerBound + header.count)..<segment.payload.upperBound],
                    as: UTF8.self), segment
            )
        }
        return nil
    }

    /// What gives a JPEG `packet` as its XMP segment: in place of `replacing`, or after the
    /// leading APP0 (JFIF) and APP1 (Exif) segments, which must stay first. `nil` when the packet
    /// does not fit one segment.
    static func splice(_ packet: String, segments: [Segment], replacing: Segment?) -> ByteSplice? {
        let bytes = Array(packet.utf8)
        guard bytes.count <= maximumPacketBytes else { return nil }
        let length = 2 + header.count + bytes.count
        let segment = [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + header + bytes
        let at =
            replacing?.range.lowerBound
            ?? segments.prefix { $0.marker == 0xE0 || $0.marker == 0xE1 }.last?.range.upperBound ?? 2
        return ByteSplice(replaced: at..<(replacing?.range.upperBound ?? at), inserted: segment)
    }
}
