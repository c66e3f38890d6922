import AssetStorage
import Foundation

/// Plain CSV and JSON lists of the approved images, for any channel without a format of its
/// own: where each file is, its public URL and what it is. No marketplace rules apply; the
/// file must still exist and match its manifest hash.
enum PlainListExport {
    /// One approved image; the JSON keys are the CSV's header.
    struct Row: Sendable, Encodable {
        var productID: String
        var productTitle: String
        var variantID: String
        var path: String
        var publicURL: String
        var sha256: String
        var format: String
        var width: Int
        var height: Int
        var bytes: Int

        enum CodingKeys: String, CodingKey {
            case productID = "product_id", productTitle = "product_title", variantID = "variant_id", path
            case publicURL = "public_url", sha256, format, width, height, bytes
        }

        init(_ candidate: ExportCandidate) {
            let item = candidate.item
            productID = item.productID
            productTitle = item.productTitle
            variantID = item.variantID
            path = item.path
            publicURL = item.publicURL ?? ""
            sha256 = item.sha256
            format = candidate.info.format.rawValue
            width = candidate.info.width
            height = candidate.info.height
            bytes = candidate.bytes
        }

        var fields: [String] {
            [
                productID, productTitle, variantID, path, publicURL, sha256, format, String(width), String(height),
                String(bytes),
            ]
        }
    }

    static let header = [
        "product_id", "product_title", "variant_id", "path", "public_url", "sha256", "format", "width", "height",
        "bytes",
    ]

    static func writeCSV(
        _ candidates: [ExportCandidate], into files: inout ExportFiles
    ) throws(ExportError)
        -> WriterOutcome
    {
        let lines = [header] + candidates.map { Row($0).fields }
        let csv = lines.map { $0.map(ManifestCSV.quote).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        try files.write(csv, to: ExportFormat.csv.fileNames[0])
        return WriterOutcome(exported: candidates.count, violations: [])
    }

    static func writeJSON(
        _ candidates: [ExportCandidate], into files: inout ExportFiles
    ) throws(ExportError)
        -> WriterOutcome
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json: Data
        do {
            json = try encoder.encode(candidates.map(Row.init))
        } catch {
            throw .cannotWrite(path: files.path(ExportFormat.json.fileNames[0]), reason: ExportFiles.reason(error))
        }
        try files.write(Array(json) + [0x0A], to: ExportFormat.json.fileNames[0])
        return WriterOutcome(exported: candidates.count, violations: [])
    }
}
