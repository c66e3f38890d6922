extension Sequence<UInt8> {
    /// Two lower-case hex digits per byte: digests as stored in the database and the manifest,
    /// idempotency keys as sent to the API.
    public var lowercaseHex: String {
        let digits: StaticString = "0123456789abcdef"
        var out = [UInt8]()
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(digits.utf8Start[Int(byte >> 4)])
            out.append(digits.utf8Start[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
