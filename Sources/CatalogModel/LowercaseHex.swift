extension Collection<UInt8> {
    /// Two lower-case hex digits per byte: digests as stored in the database and the manifest,
    /// idempotency keys as sent to the API. Written straight into the string's storage: a plan
    /// makes one per job.
    public var lowercaseHex: String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: count * 2) { buffer in
            var index = 0
            for byte in self {
                buffer[index] = digits.utf8Start[Int(byte >> 4)]
                buffer[index + 1] = digits.utf8Start[Int(byte & 0x0f)]
                index += 2
            }
            return index
        }
    }
}
