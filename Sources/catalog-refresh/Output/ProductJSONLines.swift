import CatalogModel

/// Products as JSON Lines with a stable key order (Google Merchant attribute names in
/// snake_case, then `attributes` with sorted keys), so two runs over one feed diff cleanly.
enum ProductJSONLines {
    static func line(for product: Product) -> String {
        var out = "{"
        func key(_ name: String) {
            if out.count > 1 { out += "," }
            out += "\"\(name)\":"
        }
        for field in Product.Field.allCases {
            key(field.rawValue)
            out += quoted(product[field])
            if field == .imageLink {
                key("additional_image_links")
                out += "[" + product.additionalImageLinks.map(quoted).joined(separator: ",") + "]"
            }
        }
        key("attributes")
        out +=
            "{"
            + product.attributes.keys.sorted().map { "\(quoted($0)):\(quoted(product.attributes[$0] ?? ""))" }
            .joined(separator: ",") + "}"
        return out + "}"
    }

    static func quoted(_ text: String) -> String { JSONText.quoted(text) }
}
