import CatalogModel
import Foundation

/// The EvoLink API key. Its description is redacted, so printing a configuration, an error or
/// a log line that holds it never shows the secret.
public struct APIKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public let secret: String
    /// Removes the key, in the forms a server may quote it in, from text the server sent.
    public let redactor: SecretRedactor

    public init?(_ secret: String) {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let redactor = SecretRedactor(secret: trimmed) else { return nil }
        self.secret = trimmed
        self.redactor = redactor
    }

    /// The key from `EVOLINK_API_KEY`, if set and not empty.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> APIKey?
    {
        environment["EVOLINK_API_KEY"].flatMap(APIKey.init)
    }

    public var description: String { SecretRedactor.placeholder }
    public var debugDescription: String { description }

    /// `text` with every occurrence of the key (as sent, case-folded, percent-encoded, in
    /// base64 credentials) replaced, for messages that quote a server.
    public func redact(_ text: String) -> String {
        redactor.redact(text)
    }
}
