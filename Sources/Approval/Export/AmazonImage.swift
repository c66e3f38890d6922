import AssetStorage
import Foundation

/// One image on its way into the Amazon export: converted to JPEG with its AI disclosure, held
/// to Amazon's rules, and, for MAIN, to the pixel rules, conformed when the spec allows it.
enum AmazonImage {
    struct Prepared {
        /// The file to write; `nil` when a violation keeps the image out.
        var jpeg: [UInt8]?
        var violations: [ExportViolation] = []
        var warnings: [ExportViolation] = []
    }

    static func prepare(_ image: ExportCandidate, asMain: Bool, request: ExportRequest) -> Prepared {
        if image.info.format == .webp {
            return Prepared(violations: [
                .formatNotAccepted(
                    image.item, format: "WEBP", marketplace: "Amazon",
                    accepted: MarketplaceImageRules.amazon.acceptedFormatNames)
            ])
        }
        let dimensions = MarketplaceImageRules.amazon.violations(
            of: image.item, format: .jpeg, width: image.info.width, height: image.info.height, bytes: 0)
        guard let stored = FileManager.default.contents(atPath: image.file).map({ [UInt8]($0) }) else {
            return Prepared(violations: [.conversionFailed(image.item)])
        }
        var jpeg: [UInt8]
        var warnings: [ExportViolation] = []
        if asMain {
            let check = AmazonMainCheck.check(image.item, bytes: stored)
            if check.passes && dimensions.isEmpty {
                guard let converted = disclosedJPEG(for: image, stored: stored, quality: request.jpegQuality) else {
                    return Prepared(violations: [.conversionFailed(image.item)])
                }
                jpeg = converted
                warnings = check.warnings
            } else if request.conformMain, check.violations.allSatisfy({ MainImageConformer.fixes.contains($0.rule) }) {
                switch conformed(image, stored: stored, request: request) {
                case .success(let result):
                    jpeg = result.jpeg
                    warnings = result.warnings
                case .failure(.refused(let reason)):
                    let text = "conform_main cannot fix it: \(reason)"
                    return Prepared(violations: (dimensions + check.violations).map { $0.noting(text) })
                case .failure(.stillFailing(let size, let violations)):
                    let text = "conform_main made it \(size) (it never upscales) and it still fails"
                    return Prepared(violations: violations.map { $0.noting(text) })
                }
            } else {
                return Prepared(violations: dimensions + check.violations, warnings: check.warnings)
            }
        } else {
            guard dimensions.isEmpty else { return Prepared(violations: dimensions) }
            guard let converted = disclosedJPEG(for: image, stored: stored, quality: request.jpegQuality) else {
                return Prepared(violations: [.conversionFailed(image.item)])
            }
            jpeg = converted
        }
        let maximum = MarketplaceImageRules.amazon.maximumFileBytes
        if jpeg.count > maximum {
            return Prepared(
                violations: [.fileTooLarge(image.item, bytes: jpeg.count, marketplace: "Amazon", maximum: maximum)])
        }
        return Prepared(jpeg: jpeg, warnings: warnings)
    }

    /// The conformed MAIN image as a disclosed JPEG, checked again as it will be uploaded; the
    /// failure says why it still does not pass.
    private static func conformed(
        _ image: ExportCandidate, stored: [UInt8], request: ExportRequest
    ) -> Result<(jpeg: [UInt8], warnings: [ExportViolation]), ConformFailure> {
        guard let decoded = DecodedImage.decode(stored) else {
            return .failure(.refused("the image cannot be decoded"))
        }
        let result: DecodedImage
        switch MainImageConformer.conform(decoded) {
        case .success(let image): result = image
        case .failure(let refusal): return .failure(.refused(refusal.reason))
        }
        guard
            let encoded = JPEGConversion.encode(
                rgb: result.rgb, width: result.width, height: result.height, quality: request.jpegQuality)
        else { return .failure(.refused("the conformed image could not be encoded")) }
        let carried = XMPEmbedding.packet(in: stored, format: image.info.format).flatMap {
            XMPEmbedding.carrying($0, into: encoded)
        }
        guard let jpeg = XMPEmbedding.disclosing(carried ?? encoded, format: .jpeg, with: disclosure(image)) else {
            return .failure(.refused("the conformed image could not be tagged"))
        }
        let again = AmazonMainCheck.check(image.item, bytes: jpeg)
        let dimensions = MarketplaceImageRules.amazon.violations(
            of: image.item, format: .jpeg, width: result.width, height: result.height, bytes: 0)
        guard again.passes && dimensions.isEmpty else {
            return .failure(.stillFailing(size: "\(result.width)×\(result.height) px", dimensions + again.violations))
        }
        return .success((jpeg, again.warnings))
    }

    /// JPEG sources are copied as they are; PNGs are converted, their XMP packet (our AI
    /// disclosure and whatever the API wrote) carried into the JPEG. Either way the file written
    /// discloses that it is AI-generated, even when the stored one predates tagging.
    static func disclosedJPEG(for image: ExportCandidate, stored: [UInt8], quality: Int) -> [UInt8]? {
        switch image.info.format {
        case .jpeg:
            return XMPEmbedding.disclosing(stored, format: .jpeg, with: disclosure(image))
        case .png:
            guard let jpeg = JPEGConversion.jpeg(fromPNG: stored, quality: quality) else { return nil }
            let carried = XMPEmbedding.packet(in: stored, format: .png).flatMap {
                XMPEmbedding.carrying($0, into: jpeg)
            }
            return XMPEmbedding.disclosing(carried ?? jpeg, format: .jpeg, with: disclosure(image))
        case .webp: return nil
        }
    }

    private static func disclosure(_ image: ExportCandidate) -> AIDisclosure {
        AIDisclosure(
            productID: image.item.productID, variantID: image.item.variantID, taskID: image.item.taskID,
            model: image.item.model)
    }

    enum ConformFailure: Error {
        case refused(String)
        /// The conformed image's size and the violations it still has.
        case stillFailing(size: String, [ExportViolation])
    }
}

extension ExportViolation {
    /// The violation with why `conform_main` did not fix it, in the remedy.
    fileprivate func noting(_ text: String) -> ExportViolation {
        var noted = self
        noted.remedy = "\(text); \(remedy)"
        return noted
    }
}
