import Approval
import ArgumentParser
import Foundation
import PipelineSpec

extension ExportFormat: ExpressibleByArgument {}
extension MerchantImageAttribute: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the approved images for a marketplace.",
        discussion: """
            shopify: a product CSV for image import (needs output.public_base_url); merchant-center: a \
            supplemental feed, TSV and XML; amazon: a folder and a zip of JPEGs named SKU.MAIN.jpg, SKU.PT01.jpg…; \
            csv and json: plain lists. Approved images only, each checked against the channel's image rules \
            (size, format, file size): one that fails is listed with the reason and left out, and the exit \
            status is 4. Files are written atomically; exporting twice gives identical files.
            """)

    @Argument(help: ArgumentHelp("The pipeline spec (YAML).", valueName: "spec.yml"))
    var spec: String

    @OptionGroup var folder: OutputFolderOption

    @Option(help: "shopify, merchant-center, amazon, csv or json.")
    var format: ExportFormat

    @Option(help: ArgumentHelp("Where to write (default: <output folder>/exports).", valueName: "folder"))
    var to: String?

    @Option(help: "merchant-center: additional_image_link or lifestyle_image_link.")
    var merchantAttribute: MerchantImageAttribute = .additionalImageLink

    func run() throws {
        let context = try ReviewContext(specPath: spec, output: folder)
        let outputFolder = context.spec.output.folder
        let destination = to ?? URL(fileURLWithPath: outputFolder).appendingPathComponent("exports").path
        let summary = try Export.run(
            ExportRequest(
                format: format, items: try context.publisher.manifest().items, outputFolder: outputFolder,
                destination: destination, merchantImageAttribute: merchantAttribute))
        for line in summary.lines { Console.out(line) }
        if !summary.violations.isEmpty { throw ExitStatus.partialFailure.exitCode }
    }
}
