import CatalogModel

/// Products as JSON Lines with a stable key order (Google Merchant attribute names in
/// snake_case, then `attributes` with sorted keys), so two runs over one feed diff cleanly.
/// Written as bytes straight into the output buffer: `feed` prints every product of a feed, and
/// building a `String` per line cost more than reading the feed.
enum ProductJSONLines {
    /// Each field's `"name":` prefix, made once: the first one opens the object.
    private static let fieldPrefixes: [[UInt8]] = Product.Field.allCases.enumerated().map { index, field in
        Array(((index == 0 ? "{" : ",") + "\"\(field.rawValue)\":").utf8)
    }
    private static let additionalImageLinksPrefix = Array(",\"additional_image_links\":[".utf8)
    private static let attributesPrefix = Array(",\"attributes\":{".utf8)

    /// Appends `product`'s line, newline included, to `out`.
    static func append(_ product: Product, to out: inout [UInt8]) {
        for (field, prefix) in zip(Product.Field.allCases, fieldPrefixes) {
            out.append(contentsOf: prefix)
            JSONText.appendQuoted(product[field], to: &out)
            if field == .imageLink {
                out.append(contentsOf: additionalImageLinksPrefix)
                for (index, link) in product.additionalImageLinks.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    JSONText.appendQuoted(link, to: &out)
                }
                out.append(UInt8(ascii: "]"))
            }
        }
        out.append(contentsOf: attributesPrefix)
        // Most products carry zero or one attribute: no sorted copy then, and never a second
        // lookup per key.
        if product.attributes.count < 2 {
            for (name, value) in product.attributes { appendMember(name, value, to: &out) }
        } else {
            for (index, member) in product.attributes.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendMember(member.key, member.value, to: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
        out.append(UInt8(ascii: "}"))
        out.append(0x0A)
    }

    private static func appendMember(_ name: String, _ value: String, to out: inout [UInt8]) {
        JSONText.appendQuoted(name, to: &out)
        out.append(UInt8(ascii: ":"))
        JSONText.appendQuoted(value, to: &out)
    }
}
