import AssetStorage
import Foundation

/// A folder of images named the way Amazon's bulk image upload matches them to listings, and
/// a zip of it for the upload page: `SKU.MAIN.jpg` for the variant the spec names as MAIN
/// (`exports.amazon.main`, held to Amazon's pixel rules by `AmazonMainCheck`), then
/// `SKU.PT01.jpg` … `SKU.PT08.jpg` (Amazon Seller Central, "Image naming": product identifier,
/// period, variant code, extension). Without a MAIN variant no generated image replaces the
/// listing's main photo. PNGs are converted to JPEG, Amazon's recommended format.
///
/// The folder is built beside the destination and swapped in whole, so images of products that
/// are no longer approved do not linger from an earlier export.
enum AmazonExport {
    static let folderName = "amazon-images"
    static let zipName = "amazon-images.zip"
    /// PT01…PT08: Amazon's eight other image slots.
    static let partSlots = 8
    /// Amazon's seller SKU limit.
    static let skuLimit = 40

    static func write(
        _ candidates: [ExportCandidate], request: ExportRequest, into files: inout ExportFiles
    ) throws(ExportError) -> WriterOutcome {
        let staging = files.path(".\(folderName).staging-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        if !files.isDryRun {
            do {
                try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
            } catch {
                throw .cannotWrite(path: staging, reason: ExportFiles.reason(error))
            }
        }
        defer { if !files.isDryRun { try? FileManager.default.removeItem(atPath: staging) } }
        var outcome = WriterOutcome(exported: 0, violations: [])
        var entries: [ZipArchive.Entry] = []
        for (sku, images) in Export.grouped(candidates, by: { request.product($0.item).sku ?? $0.item.productID }) {
            if let problem = skuProblem(sku) {
                outcome.violations += images.map {
                    .invalidIdentifier(
                        $0.item, identifier: "the SKU \"\(FeedText.singleLine(sku))\"", why: problem,
                        remedy: "pass the product's Amazon seller SKU to the export (letters, digits, '-', '_', '.')")
                }
                continue
            }
            // MAIN is the first approved image of the MAIN variant that passes its rules (a
            // variant naming some axes has several); one that fails is held back, never demoted.
            // Every other image is PT01…PT08.
            var hasMain = false
            var part = 1
            for image in images {
                let isMain = !hasMain && request.isAmazonMain(image.item)
                guard isMain || part <= partSlots else {
                    outcome.violations.append(
                        .tooManyImages(
                            image.item, marketplace: "Amazon", limit: partSlots, what: "other images (PT01–PT08)"))
                    continue
                }
                let prepared = AmazonImage.prepare(image, asMain: isMain, request: request)
                guard let jpeg = prepared.jpeg else {
                    outcome.violations += prepared.violations
                    continue
                }
                outcome.warnings += prepared.warnings
                let name = "\(sku).\(isMain ? "MAIN" : String(format: "PT%02d", part)).jpg"
                if isMain { hasMain = true } else { part += 1 }
                outcome.exported += 1
                if files.isDryRun { continue }
                let file = URL(fileURLWithPath: staging).appendingPathComponent(name).path
                do {
                    try AtomicFile.write(jpeg, to: file)
                } catch {
                    throw .cannotWrite(path: file, reason: ExportFiles.reason(error))
                }
                entries.append(ZipArchive.Entry(name: name, file: file))
            }
        }
        if files.isDryRun { return outcome }
        entries.sort { $0.name < $1.name }
        try ZipArchive.write(entries, to: files.path(zipName))
        files.record(zipName)
        try swapIntoPlace(staging, at: files.path(folderName))
        files.record(folderName + "/")
        return outcome
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
