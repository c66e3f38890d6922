extension Listing {
    /// A stable 64-bit digest of every field (the first 8 bytes of a SHA-256 over the fields,
    /// each length-prefixed), stored beside the listing: a nightly run compares digests and writes
    /// only the listings that moved, without encoding two million listings to compare them. The
    /// bytes are gathered into one buffer and hashed in one call.
    public var digest: Int64 {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
        func part(_ value: String?) {
            guard let value else { return append("-;") }
            append(String(value.utf8.count))
            bytes.append(UInt8(ascii: ":"))
            append(value)
        }
        func parts(_ values: [String]) {
            append(String(values.count))
            bytes.append(UInt8(ascii: "#"))
            for value in values { part(value) }
        }
        append("listing-v1;")
        part(handle)
        part(imageLink)
        parts(additionalImageLinks)
        parts(lifestyleImageLinks)
        part(altText)
        append(isApparel ? "1" : "0")
        return SHA256.hash(bytes).bytes.prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }
}
