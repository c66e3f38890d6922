/// A qualified element name met inside the feed's items.
struct XMLName: Sendable, Equatable {
    var namespace: String?
    var prefix: String?
    var local: String
}

/// One direct child element of a feed item: its name (an id into the parser's `XMLNameTable`,
/// so a name costs nothing per element) and its text, trimmed.
struct XMLField: Sendable, Equatable {
    var name: Int
    var value: String
}

/// One repeating item of an XML feed (an RSS `item`, an Atom `entry`, or the spec's element),
/// with where it started.
struct XMLRecord: Sendable, Equatable {
    var fields: [XMLField]
    /// 1-based line of the item's start tag.
    var line: Int
    /// 1-based position among the feed's items.
    var index: Int
}

/// The XML namespaces feeds use.
public enum XMLNamespace {
    public static let googleBase = "http://base.google.com/ns/1.0"
    /// Atom 1.0 (RFC 4287).
    public static let atom = "http://www.w3.org/2005/Atom"
    /// Atom 0.3, the pre-RFC draft Google Merchant Center still documents.
    public static let atom03 = "http://purl.org/atom/ns#"
    /// RSS 1.0's own elements (`channel`, `item`, `title`, `link`, `description`).
    public static let rss1 = "http://purl.org/rss/1.0/"
    /// RDF, whose `rdf:RDF` is RSS 1.0's root element.
    public static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

    /// The namespaces whose own `title`, `link`, `description`/`summary`/`content` and `id`
    /// stand in for missing `g:` attributes: RSS 2.0 (no namespace), RSS 1.0, Atom 1.0, Atom 0.3.
    static func isFeedFormat(_ namespace: String?) -> Bool {
        namespace == nil || namespace == rss1 || namespace == atom || namespace == atom03
    }

    static func isAtom(_ namespace: String?) -> Bool { namespace == atom || namespace == atom03 }

    /// RDF's namespace, or the `http://w3.org/…` spelling (without `www.`) that copies of
    /// Google's own RSS 1.0 example declare.
    static func isRDF(_ namespace: String) -> Bool {
        namespace == rdf || namespace == "http://w3.org/1999/02/22-rdf-syntax-ns#"
    }
}

/// A malformed or refused XML document, with the position libxml2 reports.
public struct XMLSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int

    public init(message: String, line: Int, column: Int) {
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}
