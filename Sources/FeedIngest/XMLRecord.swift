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
    public static let atom = "http://www.w3.org/2005/Atom"
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
