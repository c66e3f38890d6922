import CatalogModel

/// Maps an XML item's fields onto a product.
///
/// Google Merchant: fields in the `g:` namespace (resolved by URI, never by prefix) fill the
/// attributes they are named after; plain RSS and Atom `title`, `link`, `description`,
/// `summary` fill the same fields when the `g:` one is absent. Generic: each child element's
/// local name is the field, or the spec maps it. Repeated `additional_image_link` elements
/// collect into a list; any other element is kept as an attribute.
struct XMLProductMapper {
    let googleMerchant: Bool
    /// Element name → product field name (the inverse of the spec's field → element mapping).
    let elementToField: [String: String]

    init(googleMerchant: Bool, mapping: [String: String]) {
        self.googleMerchant = googleMerchant
        self.elementToField = Dictionary(mapping.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
    }

    func product(from record: XMLRecord) -> Product {
        var product = Product(id: "", sourceLine: record.line)
        var fallbacks: [Product.Field: String] = [:]
        for field in record.fields {
            let value = field.value.trimmingSurroundingWhitespace()
            guard !value.isEmpty else { continue }
            let isGoogle = field.namespace == XMLNamespace.googleBase
            if googleMerchant && !isGoogle {
                // Plain RSS or Atom elements: only the few that have a Google equivalent.
                switch field.name {
                case "title": fallbacks[.title] = fallbacks[.title] ?? value
                case "link": fallbacks[.link] = fallbacks[.link] ?? value
                case "description", "summary": fallbacks[.description] = fallbacks[.description] ?? value
                default: break
                }
                continue
            }
            let name = elementToField[field.name] ?? field.name
            assign(value, to: name, in: &product)
        }
        for (field, value) in fallbacks where product[field].isEmpty { product[field] = value }
        return product
    }

    private func assign(_ value: String, to name: String, in product: inout Product) {
        if ProductColumnMap.additionalImagesNames.contains(name) {
            product.additionalImageLinks.append(value)
        } else if let field = Product.Field(rawValue: name) {
            // The first occurrence wins; a second image_link becomes an additional image.
            if product[field].isEmpty {
                product[field] = value
            } else if field == .imageLink {
                product.additionalImageLinks.append(value)
            }
        } else if product.attributes[name] == nil {
            product.attributes[name] = value
        }
    }
}
