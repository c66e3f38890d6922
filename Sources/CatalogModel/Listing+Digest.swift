extension Listing {
    /// What every listing digest's bytes start with; a new one rewrites every listing once.
    public static let digestVersion = "listing-v1;"

    /// A stable 64-bit digest of every field (the first 8 bytes of a SHA-256 over the fields,
    /// each length-prefixed), stored beside the listing: a nightly run compares digests and writes
    /// only the listings that moved, without encoding two million listings to compare them.
    public var digest: Int64 {
        var buffer: [UInt8] = []
        return digest(buffer: &buffer)
    }

    /// `digest`, its bytes gathered in `buffer` (reused from listing to listing) and hashed in
    /// one call: a nightly plan makes one per product.
    public func digest(buffer bytes: inout [UInt8]) -> Int64 {
        bytes.removeAll(keepingCapacity: true)
        func append(_ text: String) {
            var text = text
            text.withUTF8 { bytes.append(contentsOf: $0) }
        }
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
        append(Self.digestVersion)
        part(handle)
        part(imageLink)
        parts(additionalImageLinks)
        parts(lifestyleImageLinks)
        part(altText)
        append(isApparel ? "1" : "0")
        return bytes.withUnsafeBytes { SHA256.prefix64(of: $0) }
    }
}
