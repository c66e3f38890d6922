/// Finds the next byte that ends a run of ordinary bytes, eight bytes at a time (SWAR): the
/// CSV parser's inner loop, where most of a feed's bytes go by.
enum ByteScanner {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The index of the first byte in `start..<end` equal to `a`, `b` or `c`, or `end`.
    @inline(__always)
    static func firstIndex(
        in bytes: UnsafePointer<UInt8>, from start: Int, to end: Int, of a: UInt8, _ b: UInt8, _ c: UInt8
    ) -> Int {
        var index = start
        let (maskA, maskB, maskC) = (ones &* UInt64(a), ones &* UInt64(b), ones &* UInt64(c))
        let raw = UnsafeRawPointer(bytes)
        while index + 8 <= end {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let found = zeroBytes(word ^ maskA) | zeroBytes(word ^ maskB) | zeroBytes(word ^ maskC)
            if found != 0 { return index + found.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < end {
            let byte = bytes[index]
            if byte == a || byte == b || byte == c { return index }
            index += 1
        }
        return end
    }

    /// High bit set in each zero byte of `word`. Bytes above the first zero byte may be marked
    /// falsely (a borrow), never the ones below it, so the lowest mark is exact.
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highs
    }
}
