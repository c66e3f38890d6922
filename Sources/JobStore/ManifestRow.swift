import CatalogModel

/// One manifest item as the store holds it: the stored image with the job as it was when the
/// image was made, the decision that holds for that image (none: pending), and the product's
/// listing as the last run read it.
public struct ManifestRow: Sendable, Equatable {
    public var item: StoredItem
    public var review: Review?
    public var listing: Listing?

    public init(item: StoredItem, review: Review?, listing: Listing?) {
        self.item = item
        self.review = review
        self.listing = listing
    }
}
