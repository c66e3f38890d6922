/// How to read one feed: what the spec's `feed` section says, in values.
public struct FeedOptions: Sendable, Equatable {
    /// `nil` detects the delimiter from the header line (comma, tab, semicolon or pipe).
    public var delimiter: UInt8?
    /// Product field name (`id`, `image_link`, …) → the column that holds it, for feeds whose
    /// columns are not named after the Google Merchant attributes.
    public var mapping: [String: String]
    /// How many rows may be rejected before the whole feed is refused. 0 makes any bad row fatal.
    public var maxInvalidRows: Int

    public init(delimiter: UInt8? = nil, mapping: [String: String] = [:], maxInvalidRows: Int = 0) {
        self.delimiter = delimiter
        self.mapping = mapping
        self.maxInvalidRows = maxInvalidRows
    }
}

/// A feed record that could not become a product, and why.
public struct RejectedRecord: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason)" }
}

/// What reading a feed found, besides the products themselves.
public struct FeedReport: Sendable, Equatable {
    public var productsRead = 0
    public var rejected: [RejectedRecord] = []
    public var bytesRead = 0

    public init() {}
}
