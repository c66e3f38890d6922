import CatalogModel
import Foundation
import Logging
import Synchronization

/// The one writer of standard error: every message of a command goes through swift-log to
/// here. In text mode a line is the message, after `warning: ` or `error: ` by level; in JSON
/// mode it is one object with `time`, `level`, `event`, `message` and the message's fields, so a
/// log shipper never meets a line it cannot parse.
///
/// Whatever a message quotes (server messages, ids, file names) is untrusted: in text mode
/// every control character is escaped (`String.escapingControlCharacters`), in JSON mode JSON escapes C0 and this
/// writer escapes DEL and C1 too. The API key, once known, is redacted from every line by the
/// same `SecretRedactor` the client applies to server text, as a second line of defence.
struct StandardErrorLogHandler: LogHandler {
    /// Set once a command knows its `--log-format`; text until then.
    static let format = Mutex(LogFormat.text)
    /// Set once a command knows its API key.
    static let redactor = Mutex<SecretRedactor?>(nil)

    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { _, new in new } }
        let redactor = Self.redactor.withLock { $0 }
        let line =
            switch Self.format.withLock({ $0 }) {
            case .text: Self.text(level: event.level, message: "\(event.message)", redactor: redactor)
            case .json: Self.json(level: event.level, message: "\(event.message)", fields: fields, redactor: redactor)
            }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// One line, always: the message's control characters are escaped.
    static func text(level: Logger.Level, message: String, redactor: SecretRedactor? = nil) -> String {
        let message = (redactor?.redact(message) ?? message).escapingControlCharacters
        return switch level {
        case .warning: "warning: " + message
        case .error, .critical: "error: " + message
        default: message
        }
    }

    /// `event` comes first after time and level; the other fields follow sorted by name.
    static func json(
        level: Logger.Level, message: String, fields: Logger.Metadata, redactor: SecretRedactor? = nil
    ) -> String {
        let quoted = { (text: String) in quote(redactor?.redact(text) ?? text) }
        var rest = fields
        let event = rest.removeValue(forKey: "event").map { "\($0)" } ?? "message"
        // The envelope's names are the envelope's: a field may not repeat them.
        for name in ["time", "level", "message"] { rest[name] = nil }
        let members =
            [
                ("time", quoted(timestamp())), ("level", quoted(level.rawValue)),
                ("event", quoted(event)), ("message", quoted(message)),
            ]
            + rest.sorted { $0.key < $1.key }.map { ($0.key, json($0.value, quoted: quoted)) }
        return "{" + members.map { quoted($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    /// A JSON string literal with DEL and C1 controls escaped too (JSON requires it only for C0),
    /// so `jq -r` of a line cannot act on a terminal either.
    static func quote(_ text: String) -> String {
        let literal = JSONText.quoted(text)
        guard literal.unicodeScalars.contains(where: { (0x7F...0x9F).contains($0.value) }) else { return literal }
        var out = ""
        for scalar in literal.unicodeScalars {
            if (0x7F...0x9F).contains(scalar.value) {
                out += "\\u00" + String(scalar.value, radix: 16)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Numbers and booleans given as `.stringConvertible` stay numbers: money is a number of
    /// dollars, never a string like `"$0.0621"`.
    static func json(
        _ value: Logger.MetadataValue, quoted: (String) -> String = StandardErrorLogHandler.quote
    ) -> String {
        switch value {
        case .string(let text): return quoted(text)
        case .stringConvertible(let convertible):
            switch convertible {
            case let bool as Bool: return bool ? "true" : "false"
            case let int as any BinaryInteger: return "\(int)"
            // A number field stays a number, or null when it is not one (JSON has no NaN).
            case let float as any BinaryFloatingPoint: return Double(float).isFinite ? "\(Double(float))" : "null"
            default: return quoted(convertible.description)
            }
        case .array(let values): return "[" + values.map { json($0, quoted: quoted) }.joined(separator: ",") + "]"
        case .dictionary(let members):
            return "{"
                + members.sorted { $0.key < $1.key }.map { quoted($0.key) + ":" + json($0.value, quoted: quoted) }
                .joined(separator: ",") + "}"
        }
    }

    private static func timestamp() -> String {
        Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
