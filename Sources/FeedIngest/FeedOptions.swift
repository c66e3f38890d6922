/// Which mapping turns raw records into products.
public enum FeedProfile: String, Sendable, CaseIterable, Equatable {
    /// Decided from the content: root element and namespace for XML, header columns for CSV.
    case auto
    /// Google Merchant Center: RSS 2.0 or Atom 1.0 with the `g:` namespace, or its tab-separated text feed.
    case googleMerchant = "google-merchant"
    /// Shopify's product CSV: rows sharing a `Handle` fold into one product.
    case shopify
    /// Meta (Facebook) catalog CSV, including its `#` comment rows before the header.
    case meta
    /// Any CSV whose columns are Google Merchant attribute names or mapped by the spec.
    case genericCSV = "generic-csv"
    /// Any XML: the spec names the repeating item element; child elements are the fields.
    case genericXML = "generic-xml"
}

/// A feed's character encoding. XML documents declare theirs; CSV needs to be told.
public enum FeedEncoding: String, Sendable, CaseIterable, Equatable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
    case iso88591 = "iso-8859-1"
}

/// How to read one feed: what the spec's `feed` section says, in values.
public struct FeedOptions: Sendable, Equatable {
    public var profile: FeedProfile
    /// `nil` detects the delimiter from the header line (comma, tab, semicolon or pipe).
    public var delimiter: UInt8?
    public var encoding: FeedEncoding
    /// Product field name (`id`, `image_link`, …) → the column or element that holds it.
    public var mapping: [String: String]
    /// The repeating element of a generic XML feed.
    public var itemElement: String?
    /// How many records may be rejected before the whole feed is refused. 0 makes any bad
    /// record fatal.
    public var maxInvalidRows: Int
    /// Alternatively, the share of records (0–100) that may be rejected, checked once the whole
    /// feed is read (still before anything is submitted). When set, it replaces `maxInvalidRows`.
    public var maxInvalidPercent: Double?

    public init(
        profile: FeedProfile = .auto, delimiter: UInt8? = nil, encoding: FeedEncoding = .utf8,
        mapping: [String: String] = [:], itemElement: String? = nil, maxInvalidRows: Int = 0,
        maxInvalidPercent: Double? = nil
    ) {
        self.maxInvalidPercent = maxInvalidPercent
        self.profile = profile
        self.delimiter = delimiter
        self.encoding = encoding
        self.mapping = mapping
        self.itemElement = itemElement
        self.maxInvalidRows = maxInvalidRows
    }
}

/// A feed record that could not become a product, and why.
public struct RejectedRecord: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    /// 1-based item position, for XML feeds (whose lines can be very long).
    public var item: Int?
    public var reason: String

    public init(line: Int, item: Int? = nil, reason: String) {
        self.line = line
        self.item = item
        self.reason = reason
    }

    /// `12` or `12 (item 3)`: what follows `file:` in a message.
    public var position: String { item.map { "\(line) (item \($0))" } ?? "\(line)" }

    public var description: String { "line \(position): \(reason)" }

    /// The reason without the record's own values: "duplicate id `A-1`" → "duplicate id".
    public var kind: String {
        var result = ""
        var inQuote = false
        for character in reason {
            if character == "`" {
                inQuote.toggle()
                continue
            }
            if !inQuote { result.append(character) }
        }
        return result.split(separator: " ").joined(separator: " ")
    }
}

/// What reading a feed found, besides the products themselves.
public struct FeedReport: Sendable, Equatable {
    /// How many rejected records are kept whole: enough to read and act on, and memory that
    /// does not grow with a feed rejected row by row under a percentage budget.
    public static let keptRejections = 1_000

    public var productsRead = 0
    /// The first `keptRejections` rejected records, in feed order.
    public var rejected: [RejectedRecord] = []
    /// Every rejected record, counted.
    public var rejectedCount = 0
    /// Every rejected record, counted by `RejectedRecord.kind`.
    public var rejectionsByKind: [String: Int] = [:]
    /// Bytes read from the source (compressed bytes, for a gzip feed).
    public var bytesRead = 0
    /// The profile used, after detection.
    public var profile: FeedProfile = .auto
    /// The names a product of this feed may have under `attributes.` (its columns, or for XML
    /// the item elements seen, that no product field takes), sorted; `nil` before the header or
    /// root is read. Gathered while streaming, so a prompt's `{{attributes.X}}` can be checked
    /// against the feed without holding its records.
    public var attributeNames: [String]?

    public init() {}
}
