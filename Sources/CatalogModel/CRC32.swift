internal import CZlib

/// CRC-32 (IEEE 802.3, the one PNG chunks and zip entries carry), through zlib's `crc32_z`: one
/// implementation for every user (image verification, XMP tagging, exports, test images).
public enum CRC32 {
    /// The CRC-32 of `bytes`; pass an earlier result as `crc` to go on over data that comes in
    /// pieces.
    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress else { return crc }
        return UInt32(
            truncatingIfNeeded: crc32_z(uLong(crc), base.assumingMemoryBound(to: Bytef.self), z_size_t(bytes.count)))
    }

    /// The CRC-32 of any bytes (`[UInt8]`, a slice, `Data`): in place when they are contiguous.
    public static func checksum(_ bytes: some Sequence<UInt8>, continuing crc: UInt32 = 0) -> UInt32 {
        if let result = bytes.withContiguousStorageIfAvailable({ checksum(UnsafeRawBufferPointer($0), continuing: crc) }
        ) {
            return result
        }
        return Array(bytes).withUnsafeBytes { checksum($0, continuing: crc) }
    }
}
