/// A 128-bit digest of a product record read under one planning context (`Product.digest`):
/// what a nightly run compares, once per product, with the digests of products whose every job
/// was current when last planned (`JobStore.currentProductDigests`).
///
/// 128 bits, not the listing digest's 64: a false match would leave a product's change
/// unplanned, and a million products compared every night must never meet one.
public struct ProductDigest: Sendable, Hashable {
    public var high: Int64
    public var low: Int64

    public init(high: Int64, low: Int64) {
        self.high = high
        self.low = low
    }
}

extension ProductDigest {
    /// The first 16 bytes of a SHA-256 digest, each half big-endian.
    init(sha256 digest: UnsafeBufferPointer<UInt8>) {
        func half(_ start: Int) -> Int64 {
            digest[start..<start + 8].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        }
        self.init(high: half(0), low: half(8))
    }
}
