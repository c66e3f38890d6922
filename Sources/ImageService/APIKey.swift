import Foundation

/// The EvoLink API key. Its description is redacted, so printing a configuration, an error or
/// a log line that holds it never shows the secret.
public struct APIKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public let secret: String

    public init?(_ secret: String) {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        self.secret = trimmed
    }

    /// The key from `EVOLINK_API_KEY`, if set and not empty.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> APIKey?
    {
        environment["EVOLINK_API_KEY"].flatMap(APIKey.init)
    }

    /// The key in `path` (its first line; surrounding whitespace ignored). Errors name the file,
    /// never its contents.
    public static func fromFile(_ path: String) throws -> APIKey {
        guard let data = FileManager.default.contents(atPath: path),
            let text = String(data: data, encoding: .utf8),
            let key = APIKey(String(text.split(whereSeparator: \.isNewline).first ?? ""))
        else {
            throw APIKeyFileError(path: path)
        }
        return key
    }

    public var description: String { "sk-…(redacted)" }
    public var debugDescription: String { description }

    /// `text` with every occurrence of the key replaced, for messages that quote a server.
    public func redact(_ text: String) -> String {
        text.replacingOccurrences(of: secret, with: description)
    }
}

/// The API key file named in the spec cannot be used.
public struct APIKeyFileError: Error, CustomStringConvertible {
    public var path: String

    public var description: String {
        "cannot read an API key from \(path) (api.key_file): the file is missing, unreadable or empty"
    }
}
