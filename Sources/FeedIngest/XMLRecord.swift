/// One direct child element of a feed item: its namespace, prefix, local name and text.
public struct XMLField: Sendable, Equatable {
    public var namespace: String?
    public var prefix: String?
    public var name: String
    public var value: String

    public init(namespace: String?, prefix: String?, name: String, value: String) {
        self.namespace = namespace
        self.prefix = prefix
        self.name = name
        self.value = value
    }
}

/// One repeating item of an XML feed (an RSS `item`, an Atom `entry`, or the spec's element),
/// with where it started.
public struct XMLRecord: Sendable, Equatable {
    public var fields: [XMLField]
    /// 1-based line of the item's start tag.
    public var line: Int
    /// 1-based position among the feed's items.
    public var index: Int
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
