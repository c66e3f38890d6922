extension Listing {
    /// A stable 64-bit digest of every field (the first 8 bytes of a SHA-256 over the fields,
    /// each length-prefixed), stored beside the listing: a nightly run compares digests and writes
    /// only the listings that moved, without encoding two million listings to compare them.
    public var digest: Int64 {
        var hasher = SHA256()
        func part(_ value: String?) {
            guard let value else { return hasher.update("-;") }
            hasher.update("\(value.utf8.count):")
            hasher.update(value)
        }
        func parts(_ values: [String]) {
            hasher.update("\(values.count)#")
            for value in values { part(value) }
        }
        hasher.update("listing-v1;")
        part(handle)
        part(imageLink)
        parts(additionalImageLinks)
        parts(lifestyleImageLinks)
        part(altText)
        hasher.update(isApparel ? "1" : "0")
        let bytes = hasher.finalize().bytes
        return bytes.prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }
}
