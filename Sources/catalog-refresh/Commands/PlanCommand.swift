import ArgumentParser
import AssetStorage
import CatalogModel
import FeedIngest
import Foundation
import ImageService
import PipelineSpec
import Planner

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Dry run: read the feed and the state, and show what a run would generate and cost.",
        discussion: """
            Submits nothing and writes nothing. Exits 0, or 3 for an invalid spec or feed (including a \
            prompt {{attributes.X}} that no record of the feed has).
            """)

    @Argument(help: ArgumentHelp("The pipeline spec (YAML).", valueName: "spec.yml"))
    var spec: String

    @Option(name: .long, help: ArgumentHelp("Read this feed instead of the spec's.", valueName: "path|url"))
    var feed: String?

    @Option(help: "How many rendered prompts to show.")
    var samples = 3

    @OptionGroup var output: OutputFormatOption

    func run() async throws {
        var loaded = try SpecLoading.load(spec, format: output.format)
        if let feed { loaded.feed.source = SpecLoader.resolveCommandLinePath(feed) }
        let checks = SpecChecks.diagnostics(for: loaded)
        if checks.contains(where: { $0.severity == .error }) {
            if output.format == .json { Console.out(DiagnosticPrinter.json(checks)) } else { Console.print(checks) }
            throw ExitStatus.invalidInput.exitCode
        }
        let plan: Plan
        let report: FeedReport
        do {
            let store = try PlanBuilder.existingStore(for: loaded)
            // JSON lists every product to generate; the summary only the first.
            (plan, report) = try await PlanBuilder.build(
                loaded, index: store ?? InMemoryFingerprintIndex(),
                keptChanges: output.format == .json ? .max : PlanSummary.shownChanges, recordsProductIDs: false)
        } catch let error as FeedError {
            Console.error("\(error)")
            throw ExitStatus.invalidInput.exitCode
        } catch let error as NetworkSettingsError {
            Console.error("\(error)", event: "network_settings")
            throw ExitStatus.invalidInput.exitCode
        } catch let error as OutputPathCollision {
            Console.error("\(error)")
            throw ExitStatus.invalidInput.exitCode
        } catch let error as DiagnosticsError {
            if output.format == .json {
                Console.out(DiagnosticPrinter.json(error.diagnostics))
            } else {
                Console.print(error.diagnostics)
            }
            throw ExitStatus.invalidInput.exitCode
        }
        let summary = PlanSummary(spec: loaded, plan: plan, report: report, samples: samples)
        switch output.format {
        case .json:
            try summary.writeJSON { Console.write($0) }
            Console.write("\n")
        case .text: Console.out(summary.text())
        }
    }
}
