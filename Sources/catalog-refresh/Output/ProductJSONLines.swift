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

    /// A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
