import AssetStorage
import Foundation

/// A folder of images named the way Amazon's bulk image upload matches them to listings, and
/// a zip of it for the upload page: `SKU.MAIN.jpg` for the first image of a product, then
/// `SKU.PT01.jpg` … `SKU.PT08.jpg` (Amazon Seller Central, "Image naming": product identifier,
/// period, variant code, extension). PNGs are converted to JPEG, Amazon's recommended format.
///
/// The folder is built beside the destination and swapped in whole, so images of products that
/// are no longer approved do not linger from an earlier export.
enum AmazonExport {
    static let folderName = "amazon-images"
    static let zipName = "amazon-images.zip"
    static let slots = ["MAIN"] + (1...8).map { "PT0\($0)" }
    /// Amazon's seller SKU limit.
    static let skuLimit = 40

    static func write(
        _ candidates: [ExportCandidate], request: ExportRequest, into files: inout ExportFiles
    ) throws(ExportError) -> WriterOutcome {
        let staging = files.path(".\(folderName).staging-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
        } catch {
            throw .cannotWrite(path: staging, reason: ExportFiles.reason(error))
        }
        defer { try? FileManager.default.removeItem(atPath: staging) }
        var violations: [ExportViolation] = []
        var entries: [ZipArchive.Entry] = []
        for (sku, images) in Export.grouped(
            candidates, by: { request.product($0.item.productID).sku ?? $0.item.productID })
        {
            if let problem = skuProblem(sku) {
                violations += images.map {
                    .invalidIdentifier(
                        $0.item, identifier: "the SKU \"\(FeedText.singleLine(sku))\"", why: problem,
                        remedy: "pass the product's Amazon seller SKU to the export (letters, digits, '-', '_', '.')")
                }
                continue
            }
            var slot = 0
            for image in images {
                let dimensions = MarketplaceImageRules.amazon.violations(
                    of: image.item, format: .jpeg, width: image.info.width, height: image.info.height, bytes: 0)
                if image.info.format == .webp {
                    violations.append(
                        .formatNotAccepted(
                            image.item, format: "WEBP", marketplace: "Amazon",
                            accepted: MarketplaceImageRules.amazon.acceptedFormatNames))
                    continue
                }
                if !dimensions.isEmpty {
                    violations += dimensions
                    continue
                }
                guard slot < slots.count else {
                    violations.append(
                        .tooManyImages(
                            image.item, marketplace: "Amazon", limit: slots.count, what: "images (MAIN, PT01–PT08)"))
                    continue
                }
                guard let jpeg = jpeg(for: image, quality: request.jpegQuality) else {
                    violations.append(.conversionFailed(image.item))
                    continue
                }
                let maximum = MarketplaceImageRules.amazon.maximumFileBytes
                if jpeg.count > maximum {
                    violations.append(
                        .fileTooLarge(image.item, bytes: jpeg.count, marketplace: "Amazon", maximum: maximum))
                    continue
                }
                let name = "\(sku).\(slots[slot]).jpg"
                let file = URL(fileURLWithPath: staging).appendingPathComponent(name).path
                do {
                    try AtomicFile.write(jpeg, to: file)
                } catch {
                    throw .cannotWrite(path: file, reason: ExportFiles.reason(error))
                }
                entries.append(ZipArchive.Entry(name: name, file: file))
                slot += 1
            }
        }
        entries.sort { $0.name < $1.name }
        try ZipArchive.write(entries, to: files.path(zipName))
        files.record(zipName)
        try swapIntoPlace(staging, at: files.path(folderName))
        files.record(folderName + "/")
        return WriterOutcome(exported: entries.count, violations: violations)
    }

    /// Why a SKU cannot start an Amazon image file name, or `nil`: Amazon matches the name
    /// exactly, so a SKU that would need changing to be a safe file name is a violation, not
    /// something to guess at.
    static func skuProblem(_ sku: String) -> String? {
        if sku.isEmpty { return "is empty" }
        if sku.count > skuLimit { return "is longer than Amazon's \(skuLimit) characters" }
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.".unicodeScalars)
        if sku.hasPrefix(".") || !sku.unicodeScalars.allSatisfy(allowed.contains) {
            return "cannot be an image file name (only letters, digits, '-', '_' and '.' are safe)"
        }
        return nil
    }

    /// JPEG sources are copied as they are; PNGs are converted, their XMP packet (our AI
    /// disclosure and whatever the API wrote) carried into the JPEG. Either way the file written
    /// discloses that it is AI-generated, even when the stored one predates tagging.
    private static func jpeg(for image: ExportCandidate, quality: Int) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: image.file) else { return nil }
        let bytes = [UInt8](data)
        let disclosure = AIDisclosure(
            productID: image.item.productID, variantID: image.item.variantID, taskID: image.item.taskID,
            model: image.item.model)
        switch image.info.format {
        case .jpeg:
            return XMPEmbedding.disclosing(bytes, format: .jpeg, with: disclosure)
        case .png:
            guard let jpeg = JPEGConversion.jpeg(fromPNG: bytes, quality: quality) else { return nil }
            let carried = XMPEmbedding.packet(in: bytes, format: .png).flatMap { XMPEmbedding.carrying($0, into: jpeg) }
            return XMPEmbedding.disclosing(carried ?? jpeg, format: .jpeg, with: disclosure)
        case .webp: return nil
        }
    }

    /// Replaces the folder at `path` with `staging`: the old one is renamed aside first and
    /// removed after, so the folder is never a mix of two exports.
    private static func swapIntoPlace(_ staging: String, at path: String) throws(ExportError) {
        let aside = path + ".old-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let hadOld = FileManager.default.fileExists(atPath: path)
        if hadOld && rename(path, aside) != 0 {
            throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        guard rename(staging, path) == 0 else {
            let reason = String(cString: strerror(errno))
            if hadOld { rename(aside, path) }
            throw .cannotWrite(path: path, reason: reason)
        }
        if hadOld { try? FileManager.default.removeItem(atPath: aside) }
    }
}
