/// Where in a file something is: 1-based line and column.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// One problem found in user input (a spec, a feed), reported the way compilers do:
/// `file:line:column: error: message`, with a suggestion when one exists.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable, Comparable {
        case warning, error

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .warning && rhs == .error }
    }

    public var severity: Severity
    public var message: String
    /// `nil` when the problem is about a whole file or nothing on disk.
    public var location: SourceLocation?
    public var suggestion: String?

    public init(_ severity: Severity, _ message: String, at location: SourceLocation? = nil, suggestion: String? = nil)
    {
        self.severity = severity
        self.message = message
        self.location = location
        self.suggestion = suggestion
    }

    public static func error(
        _ message: String, at location: SourceLocation? = nil, suggestion: String? = nil
    ) -> Diagnostic {
        Diagnostic(.error, message, at: location, suggestion: suggestion)
    }

    public static func warning(
        _ message: String, at location: SourceLocation? = nil, suggestion: String? = nil
    ) -> Diagnostic {
        Diagnostic(.warning, message, at: location, suggestion: suggestion)
    }

    /// `file:line:col: error: message (suggestion)`, one line.
    public var description: String {
        var text = location.map { "\($0): " } ?? ""
        text += "\(severity.rawValue): \(message)"
        if let suggestion { text += "; \(suggestion)" }
        return text
    }
}

/// Thrown by a stage that found problems in its input; carries every problem at once.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
