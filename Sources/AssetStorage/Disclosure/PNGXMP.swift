import CatalogModel

/// XMP in a PNG: an `iTXt` chunk with keyword `XML:com.adobe.xmp`, uncompressed, as the XMP
/// specification (part 3) lays it out. Tagging inserts or rewrites that one chunk and copies
/// every other chunk byte for byte: the pixels (`IDAT`) and whatever else the API wrote (C2PA
/// `caBX`, text, colour profile) are untouched.
enum PNGXMP {
    static let keyword = Array("XML:com.adobe.xmp".utf8)

    struct Chunk {
        var type: [UInt8]
        /// The whole chunk: length, type, data and CRC.
        var range: Range<Int>
        var data: Range<Int>
    }

    /// The chunks of a PNG whose structure holds (lengths fit, ends with `IEND`); `nil` otherwise.
    static func chunks<Bytes: RandomAccessCollection<UInt8>>(_ png: Bytes) -> [Chunk]? where Bytes.Index == Int {
        guard png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { return nil }
        var chunks: [Chunk] = []
        var offset = 8
        while offset + 12 <= png.count {
            let length = png[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            let end = offset + 12 + length
            guard end <= png.count else { return nil }
            let type = Array(png[(offset + 4)..<(offset + 8)])
            chunks.append(Chunk(type: type, range: offset..<end, data: (offset + 8)..<(end - 4)))
            if type.elementsEqual("IEND".utf8) { return chunks }
            offset = end
        }
        return nil
    }

    /// The packet of the first XMP chunk, and that chunk.
    static func packet<Bytes: RandomAccessCollection<UInt8>>(
        in png: Bytes, chunks: [Chunk]
    ) -> (text: String, chunk: Chunk)?
    where Bytes.Index == Int {
        for chunk in chunks where chunk.type.elementsEqual("iTXt".utf8) {
            let data = png[chunk.data]
            guard data.starts(with: keyword + [0]) else { continue }
            // keyword NUL, compression flag, method, language NUL, translated keyword NUL, text.
            var index = data.startIndex + keyword.count + 1
            guard index + 2 <= data.endIndex, data[index] == 0 else { return nil }  // compressed: not ours to read
            index += 2
            for _ in 0..<2 {
                guard let nul = data[index...].firstIndex(of: 0) else { return nil }
                index = nul + 1
            }
            return (String(decoding: data[index...], as: UTF8.self), chunk)
        }
        return nil
    }

    /// What gives a PNG `packet` as its XMP chunk: in place of `replacing`, or right after `IHDR`
    /// (before any image data, where readers look first).
    static func splice(_ packet: String, chunks: [Chunk], replacing: Chunk?) -> ByteSplice {
        let at = replacing?.range ?? chunks[0].range.upperBound..<chunks[0].range.upperBound
        return ByteSplice(replaced: at, inserted: chunk(packet))
    }

    static func chunk(_ packet: String) -> [UInt8] {
        let data = keyword + [0, 0, 0, 0, 0] + Array(packet.utf8)
        let typeAndData = Array("iTXt".utf8) + data
        return bigEndian(UInt32(data.count)) + typeAndData + bigEndian(CRC32.checksum(typeAndData[...]))
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
