/// One catalog item as every later stage sees it, whatever feed format it came from.
///
/// Named fields follow the Google Merchant Center attributes because every feed profile maps
/// onto them; anything else a feed carries is kept in `attributes` so templates can still use it.
public struct Product: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var description: String
    public var brand: String
    public var link: String
    public var imageLink: String
    public var additionalImageLinks: [String]
    public var productType: String
    public var googleProductCategory: String
    public var itemGroupID: String
    public var price: String
    public var availability: String
    public var gtin: String
    public var mpn: String
    public var color: String
    public var size: String
    public var material: String
    public var gender: String
    public var ageGroup: String
    /// Every column or element that is not one of the named fields, by its normalised name.
    public var attributes: [String: String]
    /// Where the record started in its feed (1-based line), for messages that point back at it.
    public var sourceLine: Int?
    /// The record's 1-based position among the feed's items, for XML feeds: a feed written on one
    /// line has every item on line 2.
    public var sourceItem: Int?

    public init(
        id: String, title: String = "", description: String = "", brand: String = "", link: String = "",
        imageLink: String = "", additionalImageLinks: [String] = [], productType: String = "",
        googleProductCategory: String = "", itemGroupID: String = "", price: String = "",
        availability: String = "", gtin: String = "", mpn: String = "", color: String = "", size: String = "",
        material: String = "", gender: String = "", ageGroup: String = "", attributes: [String: String] = [:],
        sourceLine: Int? = nil, sourceItem: Int? = nil
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.brand = brand
        self.link = link
        self.imageLink = imageLink
        self.additionalImageLinks = additionalImageLinks
        self.productType = productType
        self.googleProductCategory = googleProductCategory
        self.itemGroupID = itemGroupID
        self.price = price
        self.availability = availability
        self.gtin = gtin
        self.mpn = mpn
        self.color = color
        self.size = size
        self.material = material
        self.gender = gender
        self.ageGroup = ageGroup
        self.attributes = attributes
        self.sourceLine = sourceLine
        self.sourceItem = sourceItem
    }
}
