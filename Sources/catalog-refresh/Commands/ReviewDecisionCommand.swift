import Approval
import ArgumentParser
import CatalogModel
import Foundation
import JobStore

/// Which decision a `ReviewDecisionCommand` records: `approve` or `reject`.
protocol ReviewVerb {
    static var state: ReviewState { get }
    static var name: String { get }
}

/// `approve` and `reject`: decide on the selected items (or import `--from` a decisions file),
/// record the decisions in the store and rewrite the manifest files. One command type for both,
/// told apart by its verb.
struct ReviewDecisionCommand<Verb: ReviewVerb>: ParsableCommand {
    static var state: ReviewState { Verb.state }

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: Verb.name,
            abstract: "\(Verb.name.capitalized) generated images, recorded in the state store.",
            discussion: """
                Select items with --product (repeatable), --variant AXIS=ID (repeatable) and --all-pending, or \
                import decisions made elsewhere (the review page's decisions.json) with --from: each entry \
                carries its own state, so `approve --from` and `reject --from` do the same. A decision holds \
                for the image it was made on: a regenerated image is pending again. The manifest files are \
                rewritten afterwards.
                """)
    }

    @Argument(help: ArgumentHelp("The pipeline spec (YAML).", valueName: "spec.yml"))
    var spec: String

    @OptionGroup var selection: ReviewSelectionOptions

    @OptionGroup var folder: OutputFolderOption

    @Option(help: ArgumentHelp("Import decisions from a JSON file (`-` for stdin).", valueName: "decisions.json"))
    var from: String?

    /// Checked here rather than in `run()` so the usage printed with the error is this command's.
    func validate() throws {
        guard from != nil || !selection.isEmpty else {
            throw ValidationError("say which items: --product ID, --variant AXIS=ID, --all-pending, or --from FILE")
        }
        if from != nil && (!selection.isEmpty || selection.note != nil) {
            throw ValidationError(
                "--from takes the items, their states and notes from the file; drop --product, --variant, --all-pending and --note"
            )
        }
    }

    func run() throws {
        let context = try ReviewContext(specPath: spec, output: folder)
        let decisions: [ReviewDecision]
        if let from {
            decisions = try Self.decisions(from: from, reviewer: selection.reviewer.resolved)
        } else {
            let all = try context.publisher.manifest().items
            let items: [Manifest.Item]
            do {
                items = try selection.select(from: all)
            } catch {
                Console.error("\(error)")
                throw ExitStatus.invalidInput.exitCode
            }
            if items.isEmpty && !selection.variants.isEmpty {
                Console.err(
                    "note: the manifest's variants are " + Set(all.map(\.variantID)).sorted().joined(separator: ", "))
            }
            decisions = items.map { item in
                ReviewDecision(
                    key: JobKey(productID: item.productID, variantID: item.variantID), state: Self.state,
                    reviewer: selection.reviewer.resolved, note: selection.note, sha256: item.sha256)
            }
        }
        guard !decisions.isEmpty else {
            Console.out("nothing to \(Self.state == .approved ? "approve" : "reject"): no item matches")
            return
        }
        let outcome: ReviewOutcome
        do {
            outcome = try context.store.record(decisions)
        } catch let unknown as UnknownReviewItems {
            Console.error("\(unknown)")
            throw ExitStatus.invalidInput.exitCode
        }
        let publication = try context.publisher.publish()
        Console.out(
            "recorded \(outcome.applied.count) \(outcome.applied.count == 1 ? "decision" : "decisions"); "
                + "now \(publication.approved) approved, \(publication.rejected) rejected, "
                + "\(publication.pending) pending")
        for key in outcome.stale {
            Console.warning("\(key): the image changed since the decision was made; not applied (review it again)")
        }
    }

    static func decisions(from path: String, reviewer: String) throws -> [ReviewDecision] {
        guard
            let data = path == "-"
                ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
        else {
            Console.error("cannot read \(path)")
            throw ExitStatus.invalidInput.exitCode
        }
        do {
            return try ReviewDecisionFile.decode([UInt8](data), source: path).reviewDecisions(reviewer: reviewer)
        } catch {
            Console.error("\(error)")
            throw ExitStatus.invalidInput.exitCode
        }
    }
}
