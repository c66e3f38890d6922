import AssetStorage
import Foundation

/// Writes `manifest.json`, `manifest.csv` and `review.html` into the output folder, each
/// atomically, so a reader never sees half a manifest; the items stream through
/// `ManifestFilesWriter`, as a publication from the store does.
public enum ManifestWriter {
    public static func write(_ manifest: Manifest, to folder: String, layout: ReviewPageLayout = .init()) throws {
        let writer = try ManifestFilesWriter(folder: folder, header: manifest, layout: layout)
        do {
            for item in manifest.items { try writer.add(item) }
            try writer.commit(products: Set(manifest.items.map(\.productID)).count)
        } catch {
            writer.discard()
            throw error
        }
    }
}

/// The manifest as one flat CSV row per item (RFC 4180 quoting).
public enum ManifestCSV {
    static let header = [
        "product_id", "product_title", "variant_id", "prompt", "reference_links", "reference_sha256", "model", "size",
        "resolution", "quality", "task_id", "path", "public_url", "sha256", "format", "width", "height", "bytes",
        "estimated_cost_usd", "generated_at", "review_state", "reviewer", "review_note", "reviewed_at",
    ]

    public static func render(_ manifest: Manifest) -> String {
        headerLine + manifest.items.map(row).joined()
    }

    static var headerLine: String { header.map(quote).joined(separator: ",") + "\r\n" }

    /// One item's row, its CRLF included.
    static func row(_ item: Manifest.Item) -> String {
        let fields = [
            item.productID, item.productTitle, item.variantID, item.prompt,
            item.references.map(\.link).joined(separator: " "),
            item.references.map { $0.sha256 ?? "" }.joined(separator: " "), item.model, item.size,
            item.resolution, item.quality ?? "", item.taskID, item.path, item.publicURL ?? "", item.sha256,
            item.format, String(item.width), String(item.height), String(item.bytes),
            String(format: "%.4f", item.estimatedCostUSD), item.generatedAt ?? "", item.reviewState,
            item.reviewer ?? "", item.reviewNote ?? "", item.reviewedAt ?? "",
        ]
        return fields.map(quote).joined(separator: ",") + "\r\n"
    }

    /// Quotes a field when it holds a delimiter, quote or line break. A field whose first
    /// non-space character is `=`, `+`, `-`, `@`, a tab or a CR is prefixed with `'`, as OWASP
    /// advises, so spreadsheets never run product text as a formula.
    public static func quote(_ field: String) -> String {
        var field = field
        if SpreadsheetFormula.looksLikeFormula(field) { field = "'" + field }
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
