import Approval
import ArgumentParser
import Foundation
import PipelineSpec

struct ManifestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manifest",
        abstract: "Rewrite manifest.json, manifest.csv and review.html from the state store.",
        discussion: """
            The run writes them at its end, and approve/reject/review after each decision; this writes them on \
            demand (after copying the store, or to see the review states) without reading the feed.
            """)

    @Argument(help: ArgumentHelp("The pipeline spec (YAML).", valueName: "spec.yml"))
    var spec: String

    @OptionGroup var folder: OutputFolderOption

    func run() throws {
        let context = try ReviewContext(specPath: spec, output: folder)
        // Asked for: written even when the store has not changed since the last files.
        let publication = try context.publisher.publish(force: true)
        let outputFolder = URL(fileURLWithPath: context.spec.output.folder)
        Console.out(
            "\(publication.items) images: \(publication.approved) approved, \(publication.rejected) rejected, "
                + "\(publication.pending) pending")
        for file in ["manifest.json", "manifest.csv", "review.html"] {
            Console.out("wrote \(PipelineRun.displayPath(outputFolder.appendingPathComponent(file).path))")
        }
    }
}
