import CatalogModel

/// Maps an XML item's fields onto a product.
///
/// Google Merchant: fields in the `g:` namespace (resolved by URI, never by prefix) fill the
/// attributes they are named after. Where an entry uses its format's own elements instead,
/// they fill the same fields when the `g:` one is absent, as Google's specifications for each
/// format say: `title`; `link` (its text in RSS 2.0 and 1.0, its `href` in Atom 1.0 and 0.3);
/// `description` (RSS), else `summary`, else `content` (Atom); and, in Atom only, the entry's
/// `id`. Elements of other namespaces (`dc:title`, `media:content`) fill nothing. Generic: each child element's
/// local name is the field, or the spec maps it. Repeated `additional_image_link` elements
/// collect into a list; any other element is kept as an attribute.
///
/// What a name maps to is decided once per element name, not once per element.
struct XMLProductMapper {
    /// Where a field's value goes.
    enum Target: Equatable {
        case field(Product.Field)
        case additionalImage
        case attribute(String)
        /// A plain RSS/Atom element standing in for a missing `g:` one.
        case fallback(Product.Field)
        /// Atom's `content`: the description only when there is neither a `g:description` nor a
        /// `summary`.
        case contentFallback
        case ignored
    }

    let googleMerchant: Bool
    /// Element name → product field name (the inverse of the spec's field → element mapping).
    let elementToField: [String: String]
    /// By name id.
    private var targets: [Target] = []

    init(googleMerchant: Bool, mapping: [String: String]) {
        self.googleMerchant = googleMerchant
        self.elementToField = Dictionary(mapping.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
    }

    /// `names` is consulted only for ids not met before.
    mutating func product(from record: XMLRecord, names: () -> XMLNameTable) -> Product {
        var product = Product(id: "", sourceLine: record.line, sourceItem: record.index)
        var fallbacks: (id: String?, title: String?, link: String?, description: String?, content: String?)
        for field in record.fields where !field.value.isEmpty {
            if field.name >= targets.count {
                let table = names()
                while targets.count < table.names.count { targets.append(target(for: table[targets.count])) }
            }
            switch targets[field.name] {
            case .field(let name):
                // The first occurrence wins; a second image_link becomes an additional image.
                if product[name].isEmpty {
                    product[name] = field.value
                } else if name == .imageLink {
                    product.additionalImageLinks.append(field.value)
                }
            case .additionalImage:
                product.additionalImageLinks.append(field.value)
            case .attribute(let name):
                if product.attributes[name] == nil { product.attributes[name] = field.value }
            case .fallback(.id): fallbacks.id = fallbacks.id ?? field.value
            case .fallback(.title): fallbacks.title = fallbacks.title ?? field.value
            case .fallback(.link): fallbacks.link = fallbacks.link ?? field.value
            case .fallback: fallbacks.description = fallbacks.description ?? field.value
            case .contentFallback: fallbacks.content = fallbacks.content ?? field.value
            case .ignored: break
            }
        }
        if product.id.isEmpty, let id = fallbacks.id { product.id = id }
        if product.title.isEmpty, let title = fallbacks.title { product.title = title }
        if product.link.isEmpty, let link = fallbacks.link { product.link = link }
        if product.description.isEmpty, let description = fallbacks.description ?? fallbacks.content {
            product.description = description
        }
        return product
    }

    /// The attribute an element of this name fills, if it fills one: how `{{attributes.X}}`
    /// reaches it.
    func attributeName(for name: XMLName) -> String? {
        if case .attribute(let attribute) = target(for: name) { return attribute }
        return nil
    }

    func target(for name: XMLName) -> Target {
        if googleMerchant && name.namespace != XMLNamespace.googleBase {
            // The format's own elements: only the few that have a Google equivalent.
            guard XMLNamespace.isFeedFormat(name.namespace) else { return .ignored }
            let atom = XMLNamespace.isAtom(name.namespace)
            switch name.local {
            case "title": return .fallback(.title)
            case "link": return .fallback(.link)
            case "description" where !atom, "summary" where atom: return .fallback(.description)
            case "content" where atom: return .contentFallback
            // Atom 1.0's entry id is the product's in Google's example; Atom 0.3's repeats the
            // feed's id in every entry there, so only `g:id` names a 0.3 product.
            case "id" where name.namespace == XMLNamespace.atom: return .fallback(.id)
            default: return .ignored
            }
        }
        let fieldName = elementToField[name.local] ?? name.local
        if ProductColumnMap.additionalImagesNames.contains(fieldName) { return .additionalImage }
        if let field = Product.Field(rawValue: fieldName) { return .field(field) }
        return .attribute(fieldName)
    }
}
