extension Product {
    /// The digest of every field of the record but where it was read (`sourceLine`,
    /// `sourceItem`: a product moved in the feed is the same product), after `context`: the
    /// bytes of what else decides the product's jobs (`CurrentProducts.context`).
    ///
    /// Each part is length-prefixed and attributes go in key order, so two different records
    /// never give the same bytes. The bytes are gathered in `buffer`, reused from product to
    /// product, and hashed in one call.
    public func digest(context: [UInt8], buffer bytes: inout [UInt8]) -> ProductDigest {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: context)
        // Lengths and counts as 4 bytes, little-endian: no number is turned into text per field.
        func count(_ count: Int) {
            let value = UInt32(truncatingIfNeeded: count)
            bytes.append(UInt8(truncatingIfNeeded: value))
            bytes.append(UInt8(truncatingIfNeeded: value >> 8))
            bytes.append(UInt8(truncatingIfNeeded: value >> 16))
            bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        }
        func part(_ value: String) {
            value.withUTF8Bytes { utf8 in
                count(utf8.count)
                bytes.append(contentsOf: utf8)
            }
        }
        // One call per field, not a loop over an array of them: no array, no retains.
        part(id)
        part(title)
        part(description)
        part(brand)
        part(link)
        part(imageLink)
        part(productType)
        part(googleProductCategory)
        part(itemGroupID)
        part(price)
        part(availability)
        part(gtin)
        part(mpn)
        part(color)
        part(size)
        part(material)
        part(gender)
        part(ageGroup)
        count(additionalImageLinks.count)
        for link in additionalImageLinks { part(link) }
        count(attributes.count)
        for (name, value) in attributes.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            part(name)
            part(value)
        }
        return bytes.withUnsafeBytes { raw in SHA256.withDigest(of: raw) { ProductDigest(sha256: $0) } }
    }
}
