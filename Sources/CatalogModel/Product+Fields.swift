extension Product {
    /// A named scalar field of a product, addressable by its Google Merchant name.
    ///
    /// Feed profiles write through these names and prompt templates read through them, so the
    /// list is the single source of truth for what `{{title}}` and friends may refer to.
    public enum Field: String, CaseIterable, Sendable {
        case id, title, description, brand, link
        case imageLink = "image_link"
        case productType = "product_type"
        case googleProductCategory = "google_product_category"
        case itemGroupID = "item_group_id"
        case price, availability, gtin, mpn, color, size, material, gender
        case ageGroup = "age_group"

    }

    /// A switch rather than key paths: this runs for every field of every feed record, and a
    /// switch is a direct stored-property access where a key path goes through the runtime.
    /// Read by yielding the stored `String` (`_read`), not returning a copy: writers of every
    /// field (`feed`'s JSON Lines) would otherwise retain and release each one.
    public subscript(field: Field) -> String {
        _read {
            switch field {
            case .id: yield id
            case .title: yield title
            case .description: yield description
            case .brand: yield brand
            case .link: yield link
            case .imageLink: yield imageLink
            case .productType: yield productType
            case .googleProductCategory: yield googleProductCategory
            case .itemGroupID: yield itemGroupID
            case .price: yield price
            case .availability: yield availability
            case .gtin: yield gtin
            case .mpn: yield mpn
            case .color: yield color
            case .size: yield size
            case .material: yield material
            case .gender: yield gender
            case .ageGroup: yield ageGroup
            }
        }
        set {
            switch field {
            case .id: id = newValue
            case .title: title = newValue
            case .description: description = newValue
            case .brand: brand = newValue
            case .link: link = newValue
            case .imageLink: imageLink = newValue
            case .productType: productType = newValue
            case .googleProductCategory: googleProductCategory = newValue
            case .itemGroupID: itemGroupID = newValue
            case .price: price = newValue
            case .availability: availability = newValue
            case .gtin: gtin = newValue
            case .mpn: mpn = newValue
            case .color: color = newValue
            case .size: size = newValue
            case .material: material = newValue
            case .gender: gender = newValue
            case .ageGroup: ageGroup = newValue
            }
        }
    }

    /// The value a template name resolves to: a named field, or `attributes.<name>`.
    /// `nil` means the name does not exist for this product, which strict rendering reports.
    public func templateValue(named name: String) -> String? {
        if let field = Field(rawValue: name) { return self[field] }
        if name.hasPrefix("attributes.") { return attributes[String(name.dropFirst("attributes.".count))] }
        return nil
    }
}
