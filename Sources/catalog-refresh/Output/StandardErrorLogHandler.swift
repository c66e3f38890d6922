import CatalogModel
import Foundation
import Logging
import Synchronization

/// The one writer of standard error: every message of a command goes through swift-log to
/// here. In text mode a line is the message, after `warning: ` or `error: ` by level; in JSON
/// mode it is one object with `time`, `level`, `event`, `message` and the message's fields, so a
/// log shipper never meets a line it cannot parse.
struct StandardErrorLogHandler: LogHandler {
    /// Set once a command knows its `--log-format`; text until then.
    static let format = Mutex(LogFormat.text)

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
        let line =
            switch Self.format.withLock({ $0 }) {
            case .text: Self.text(level: event.level, message: "\(event.message)")
            case .json: Self.json(level: event.level, message: "\(event.message)", fields: fields)
            }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func text(level: Logger.Level, message: String) -> String {
        switch level {
        case .warning: "warning: " + message
        case .error, .critical: "error: " + message
        default: message
        }
    }

    /// `event` comes first after time and level; the other fields follow sorted by name.
    static func json(level: Logger.Level, message: String, fields: Logger.Metadata) -> String {
        var rest = fields
        let event = rest.removeValue(forKey: "event").map { "\($0)" } ?? "message"
        // The envelope's names are the envelope's: a field may not repeat them.
        for name in ["time", "level", "message"] { rest[name] = nil }
        let members =
            [
                ("time", JSONText.quoted(timestamp())), ("level", JSONText.quoted(level.rawValue)),
                ("event", JSONText.quoted(event)), ("message", JSONText.quoted(message)),
            ]
            + rest.sorted { $0.key < $1.key }.map { ($0.key, json($0.value)) }
        return "{" + members.map { JSONText.quoted($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    /// Numbers and booleans given as `.stringConvertible` stay numbers: money is a number of
    /// dollars, never a string like `"$0.0621"`.
    static func json(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): return JSONText.quoted(text)
        case .stringConvertible(let convertible):
            switch convertible {
            case let bool as Bool: return bool ? "true" : "false"
            case let int as any BinaryInteger: return "\(int)"
            // A number field stays a number, or null when it is not one (JSON has no NaN).
            case let float as any BinaryFloatingPoint: return Double(float).isFinite ? "\(Double(float))" : "null"
            default: return JSONText.quoted(convertible.description)
            }
        case .array(let values): return "[" + values.map(json).joined(separator: ",") + "]"
        case .dictionary(let members):
            return "{"
                + members.sorted { $0.key < $1.key }.map { JSONText.quoted($0.key) + ":" + json($0.value) }
                .joined(separator: ",") + "}"
        }
    }

    private static func timestamp() -> String {
        Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
