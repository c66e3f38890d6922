/// What an export did, for the CLI to print and a scheduler to act on: how many approved
/// images went out, which were held back and why, and which files were written.
public struct ExportSummary: Sendable, Equatable {
    public var format: ExportFormat
    public var destination: String
    /// Manifest items the export was given, in any review state.
    public var itemCount: Int
    public var approvedCount: Int
    public var exportedCount: Int
    /// Approved images kept out of the export, ordered by product id, variant id and path.
    public var violations: [ExportViolation]
    /// Findings that did not keep an image out, such as a MAIN image below Amazon's zoom size.
    public var warnings: [ExportViolation] = []
    /// Written files and folders (folders end in `/`), relative to `destination`, sorted.
    public var files: [String]
    /// `export --check`: nothing was written; the counts say what an export would do.
    public var checkOnly = false

    /// Nothing went out, yet the files were still written (with headers only), so a channel
    /// that polls them sees an empty feed rather than yesterday's.
    public var isEmpty: Bool { exportedCount == 0 }

    /// One line that says what happened, worded for the person reading the log.
    public var headline: String {
        if approvedCount == 0 && !checkOnly {
            return
                "nothing approved — empty \(format.rawValue) export written (\(itemCount) images in the manifest, "
                + "none approved; approve some with `catalog-refresh approve` or the review page)"
        }
        if exportedCount == 0 && !checkOnly {
            return
                "no approved image passed the \(format.rawValue) checks — empty export written; "
                + "\(violations.count) \(plural(violations.count, "violation")) below" + warningCount(", ")
        }
        let held = approvedCount - exportedCount
        let outcome =
            (held == 0 ? "" : "; \(held) held back (\(violations.count) \(plural(violations.count, "violation")))")
            + warningCount("; ")
        if checkOnly {
            return "check only, nothing written: \(exportedCount) of \(approvedCount) approved "
                + "\(plural(approvedCount, "image")) would go out as \(format.rawValue)\(outcome)"
        }
        return "exported \(exportedCount) of \(approvedCount) approved \(plural(approvedCount, "image")) "
            + "as \(format.rawValue) to \(destination)\(outcome)"
    }

    private func warningCount(_ separator: String) -> String {
        warnings.isEmpty ? "" : "\(separator)\(warnings.count) \(plural(warnings.count, "warning"))"
    }

    /// The headline, one line per violation, then the files: what the CLI prints.
    public var lines: [String] {
        [headline] + violations.map { "  violation: \($0.message)" } + warnings.map { "  warning: \($0.message)" }
            + files.map { "  wrote \($0)" }
    }

    private func plural(_ count: Int, _ word: String) -> String { count == 1 ? word : word + "s" }
}
