import Testing

@testable import CatalogModel

/// zlib's CRC-32 through the one helper: the standard check value, PNG's own, and data in pieces.
struct CRC32Tests {
    @Test func theCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    /// The CRC every PNG's empty `IEND` chunk carries.
    @Test func anEmptyIENDChunk() {
        #expect(CRC32.checksum(Array("IEND".utf8)) == 0xAE42_6082)
    }

    @Test func piecesContinueWhereTheLastLeftOff() {
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let whole = CRC32.checksum(bytes)
        var crc: UInt32 = 0
        for start in stride(from: 0, to: bytes.count, by: 777) {
            crc = CRC32.checksum(bytes[start..<min(start + 777, bytes.count)], continuing: crc)
        }
        #expect(crc == whole)
        #expect(CRC32.checksum(bytes.lazy.map { $0 }) == whole, "a sequence that is not contiguous")
    }
}
