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
            out += JSONText.quoted(product[field])
            if field == .imageLink {
                key("additional_image_links")
                out += JSONText.array(product.additionalImageLinks)
            }
        }
        key("attributes")
        out +=
            "{"
            + product.attributes.keys.sorted().map {
                "\(JSONText.quoted($0)):\(JSONText.quoted(product.attributes[$0] ?? ""))"
            }
            .joined(separator: ",") + "}"
        return out + "}"
    }

}
