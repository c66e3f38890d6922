/// What a publication of the manifest files amounts to: the items and their review states, and
/// whether the files were written or left as they were (their store had not changed since).
public struct ManifestPublication: Sendable, Equatable, Codable {
    public var items: Int
    public var pending: Int
    public var approved: Int
    public var rejected: Int
    /// `false`: the files were current and were not touched.
    public var written: Bool
    /// Cards in `review.html` itself; the rest are in `dataPages` files under `review-data/`.
    public var embeddedOnPage: Int
    public var dataPages: Int
    /// The folder of those files, relative to the output folder (`review-data/<digest>`).
    public var dataFolder: String? = nil
    /// The most rows read from the store and held at once while writing (0 when not written):
    /// the memory a publication needs does not grow with the catalogue.
    public var largestBatch: Int = 0

    public init(
        items: Int, pending: Int, approved: Int, rejected: Int, written: Bool, embeddedOnPage: Int, dataPages: Int,
        largestBatch: Int = 0
    ) {
        self.items = items
        self.pending = pending
        self.approved = approved
        self.rejected = rejected
        self.written = written
        self.embeddedOnPage = embeddedOnPage
        self.dataPages = dataPages
        self.largestBatch = largestBatch
    }

    enum CodingKeys: String, CodingKey {
        case items, pending, approved, rejected, written, embeddedOnPage = "embedded_on_page"
        case dataPages = "data_pages", dataFolder = "data_folder", largestBatch = "largest_batch"
    }
}
