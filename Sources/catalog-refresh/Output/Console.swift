import CatalogModel
import Foundation
import Logging
import Synchronization

/// Where the command talks: results on standard output, progress and problems on standard
/// error, so `catalog-refresh run … > summary.txt` keeps only the summary. Everything on
/// standard error is a swift-log event (`StandardErrorLogHandler`): text or JSON by
/// `--log-format`, never a mix.
enum Console {
    /// A field of an event: `.string`, or `.stringConvertible` for numbers that stay numbers.
    typealias Fields = Logger.Metadata

    private static let logger = Logger(label: "catalog-refresh") { _ in StandardErrorLogHandler() }

    /// What `--log-format` chose, for the rest of the process.
    static func use(_ format: LogFormat) {
        StandardErrorLogHandler.format.withLock { $0 = format }
    }

    static var format: LogFormat { StandardErrorLogHandler.format.withLock { $0 } }

    /// Redacts the API key from everything written from now on (see `StandardErrorLogHandler`).
    static func redact(_ redactor: SecretRedactor) {
        StandardErrorLogHandler.redactor.withLock { $0 = redactor }
    }

    /// Standard output quotes feed and server text (titles in sample prompts, ids, failure
    /// reasons): its control characters are shown escaped, line breaks and tabs kept.
    static func out(_ line: String) {
        write(line + "\n")
    }

    /// Text on standard output as it is given, with no newline added: one piece of a longer
    /// output (`PlanSummary.writeJSON`).
    static func write(_ text: String) {
        let shown = text.escapingControlCharacters(keeping: ["\n", "\t"])
        FileHandle.standardOutput.write(Data(shown.utf8))
    }

    /// Progress and notes: `event` names the line for log shippers.
    static func err(_ line: String, event: String = "message", _ fields: Fields = [:]) {
        logger.info("\(line)", metadata: fields.merging(["event": .string(event)]) { _, new in new })
    }

    static func warning(_ message: String, event: String = "warning", _ fields: Fields = [:]) {
        logger.warning("\(message)", metadata: fields.merging(["event": .string(event)]) { _, new in new })
    }

    static func error(_ message: String, event: String = "error", _ fields: Fields = [:]) {
        logger.error("\(message)", metadata: fields.merging(["event": .string(event)]) { _, new in new })
    }

    /// Each diagnostic as `file:line:col: error: message; suggestion` with its source line and
    /// a caret, errors last so they are what stays on screen; in JSON one event per diagnostic.
    static func print(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        guard format == .json else {
            FileHandle.standardError.write(Data((DiagnosticPrinter.text(diagnostics) + "\n").utf8))
            return
        }
        for diagnostic in diagnostics.sorted(by: { $0.severity < $1.severity }) {
            var fields: Fields = ["severity": .string(diagnostic.severity.rawValue)]
            if let location = diagnostic.location {
                fields["file"] = .string(location.file)
                fields["line"] = .stringConvertible(location.line)
                fields["column"] = .stringConvertible(location.column)
            }
            if let suggestion = diagnostic.suggestion { fields["suggestion"] = .string(suggestion) }
            let log = diagnostic.severity == .error ? error : warning
            log(diagnostic.message, "diagnostic", fields)
        }
    }
}
