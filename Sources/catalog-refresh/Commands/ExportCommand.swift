import Approval
import ArgumentParser
import CatalogModel
import Foundation
import PipelineSpec

extension ExportFormat: ExpressibleByArgument {}
extension MerchantImageAttribute: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the approved images for a marketplace.",
        discussion: """
            shopify: a product CSV for image import (needs output.public_base_url), the product's own images \
            kept; merchant-center: a supplemental feed, TSV and XML, the feed's own links first; amazon: a \
            folder and a zip of JPEGs named SKU.MAIN.jpg (the spec's exports.amazon.main variant, held to \
            Amazon's white-background and 85% fill rules), SKU.PT01.jpg…; csv and json: plain lists. The \
            spec's exports: section says how. Approved images only, each checked against the channel's image \
            rules: one that fails is listed with the measured value and left out, and the exit status is 4. \
            Files are written atomically; exporting twice gives identical files.
            """)

    @Argument(help: ArgumentHelp("The pipeline spec (YAML).", valueName: "spec.yml"))
    var spec: String

    @OptionGroup var folder: OutputFolderOption

    @Option(help: "shopify, merchant-center, amazon, csv or json.")
    var format: ExportFormat

    @Option(help: ArgumentHelp("Where to write (default: <output folder>/exports).", valueName: "folder"))
    var to: String?

    @Option(help: "merchant-center: additional_image_link or lifestyle_image_link (default: the spec's).")
    var merchantAttribute: MerchantImageAttribute?

    @Flag(help: "Print every violation and what would go out; write nothing.")
    var check = false

    func run() throws {
        let context = try ReviewContext(specPath: spec, output: folder)
        let spec = context.spec
        let outputFolder = spec.output.folder
        let destination = to ?? URL(fileURLWithPath: outputFolder).appendingPathComponent("exports").path
        var request = ExportRequest(
            format: format, items: try context.publisher.manifest(judged: false).items, outputFolder: outputFolder,
            destination: destination)
        request.apply(spec.exports)
        if let merchantAttribute { request.merchantImageAttribute = merchantAttribute }
        request.checkOnly = check
        let guessed = request.items.filter {
            $0.reviewState == ExportRequest.approvedState && $0.listing?.handle == nil
        }
        if format == .shopify, !guessed.isEmpty {
            Console.warning(
                "\(guessed.count) approved images have no Shopify handle (exports.shopify.handle is not set and the "
                    + "feed is not a Shopify export): their product ids are used as handles, so a product whose id is "
                    + "not its handle is created anew; set exports.shopify.handle to the feed field that holds the "
                    + "handle and run again",
                event: "shopify_handle_defaulted")
        }
        let summary = try Export.run(request)
        for line in summary.lines { Console.out(line) }
        if !summary.violations.isEmpty { throw ExitStatus.partialFailure.exitCode }
    }
}

extension ExportRequest {
    /// The spec's `exports:` section, as the export reads it.
    mutating func apply(_ exports: ExportSettings) {
        amazonMain = exports.amazon.main
        conformMain = exports.amazon.conformMain
        merchantImages = MerchantImageMerge(rawValue: exports.merchantCenter.images.rawValue) ?? .append
        merchantImageAttribute =
            MerchantImageAttribute(rawValue: exports.merchantCenter.attribute.rawValue) ?? .additionalImageLink
        shopifyPosition = ShopifyImagePosition(rawValue: exports.shopify.position.rawValue) ?? .after
    }
}
