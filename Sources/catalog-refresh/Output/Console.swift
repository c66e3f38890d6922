import CatalogModel
import Foundation

/// Where the command talks: results on standard output, progress and problems on standard
/// error, so `catalog-refresh run … > summary.txt` keeps only the summary.
enum Console {
    static func out(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func err(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Each diagnostic as `file:line:col: error: message; suggestion` with its source line and
    /// a caret, errors last so they are what stays on screen.
    static func print(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        err(DiagnosticPrinter.text(diagnostics))
    }
}
