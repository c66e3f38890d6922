import Approval
import ArgumentParser
import AssetStorage
import CatalogModel
import Dispatcher
import FeedIngest
import Foundation
import ImageService
import JobStore
import Logging
import PipelineSpec
import Planner

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Generate the images a pipeline spec asks for, incrementally, and write the manifest.",
        discussion: """
            Only new or changed product × variant jobs are submitted; a second run over an unchanged feed \
            submits nothing. Without EVOLINK_API_KEY the run uses an embedded EvoLink simulator on 127.0.0.1.
            """)

    @Argument(help: ArgumentHelp("The pipeline spec (YAML).", valueName: "spec.yml"))
    var spec: String

    @OptionGroup var overrides: RunOverrides

    func run() async throws {
        try await execute(selection: overrides.only.isEmpty ? .all : .products(Set(overrides.only)))
    }

    /// The run itself, for `run` and for `retry` (which picks the jobs).
    func execute(selection: RunSelection, loaded: PipelineSpec? = nil) async throws {
        Console.use(overrides.logFormat)
        var loaded = try loaded ?? SpecLoading.load(spec)
        let checks = SpecChecks.diagnostics(for: loaded)
        Console.print(checks)
        if checks.contains(where: { $0.severity == .error }) { throw ExitStatus.invalidInput.exitCode }
        if let feed = overrides.feed { loaded.feed.source = SpecLoader.resolveCommandLinePath(feed) }
        if let output = overrides.output {
            loaded.output.folder = SpecLoader.resolveCommandLinePath(output)
            let specFolder = URL(fileURLWithPath: loaded.file).deletingLastPathComponent().path
            if let problem = OutputFolderCheck.problem(folder: loaded.output.folder, specDirectory: specFolder) {
                Console.error("--output \(output) cannot be an output folder: \(problem); name a folder of its own")
                throw ExitStatus.invalidInput.exitCode
            }
        }
        var apiKey = APIKey.fromEnvironment()
        if apiKey == nil, let keyFile = loaded.api.keyFile {
            do {
                let file = try APIKeyFile(path: keyFile)
                if let warning = file.permissionWarning { Console.warning(warning, event: "key_file_permissions") }
                apiKey = file.key
            } catch {
                Console.error("\(error)", event: "key_file")
                throw ExitStatus.invalidInput.exitCode
            }
        }
        if let apiKey { Console.redact(apiKey.redactor) }
        let pipeline = PipelineRun(
            spec: loaded, apiKey: apiKey, apiBaseURLOverride: overrides.apiBaseURL, force: overrides.force,
            selection: selection, serverTimeScale: overrides.serverTimeScale,
            logFormat: overrides.logFormat)
        let outcome: PipelineRun.Outcome
        let running = Task { try await pipeline.execute() }
        let signals = SignalWatcher { _ in running.cancel() }
        defer { signals.cancel() }
        do {
            outcome = try await running.value
        } catch let error as FeedError {
            Console.error("\(error)")
            throw ExitStatus.invalidInput.exitCode
        } catch let error as ProductsNotPlanned {
            Console.error("\(error)")
            throw ExitStatus.invalidInput.exitCode
        } catch let error as NetworkSettingsError {
            Console.error("\(error)", event: "network_settings")
            throw ExitStatus.invalidInput.exitCode
        } catch let error as OutputPathCollision {
            Console.error("\(error)", event: "output_path_collision")
            throw ExitStatus.invalidInput.exitCode
        } catch let error as DiagnosticsError {
            Console.print(error.diagnostics)
            throw ExitStatus.invalidInput.exitCode
        } catch let error as FolderStateError {
            Console.error(RecoverCommand.hint(for: error, spec: loaded), event: "store_not_this_folders")
            throw ExitStatus.invalidInput.exitCode
        } catch let error as RunLockError where error.isHeldByAnotherRun {
            Console.error("\(error)")
            throw ExitStatus.busy.exitCode
        } catch {
            Console.error("\(error)")
            throw ExitStatus.failure.exitCode
        }
        let report = outcome.report
        let plan = outcome.plan
        let summary =
            ("\(plan.count(.new)) new, \(plan.count(.changed)) changed, \(plan.count(.unchanged)) unchanged; "
                + "\(report.submissions) submitted, \(report.stored) stored, \(report.failed.count) failed"
                + (report.skippedForBudget.isEmpty ? "" : ", \(report.skippedForBudget.count) skipped (budget)")
                + (report.unfinished.isEmpty ? "" : ", \(report.unfinished.count) unfinished")
                + HeldBackFailure.all.map { failure in
                    let count = outcome.heldBack.count { $0.code == failure.code }
                    return count == 0 ? "" : ", \(count) held back (\(failure.label))"
                }.joined()
                + "; manifest: \(PipelineRun.displayPath(outcome.manifestPath))")
        Console.out(summary)
        RunLog.summary(summary, plan: plan, report: report, manifest: PipelineRun.displayPath(outcome.manifestPath))
        let skips = SkipSummary(plan, only: selection.productIDs)
        let status: ExitStatus
        if report.interrupted {
            status = .interrupted
        } else if !report.failed.isEmpty || !outcome.heldBack.isEmpty {
            status = .partialFailure
        } else if !report.skippedForBudget.isEmpty {
            status = .budgetReached
        } else if !report.unfinished.isEmpty {
            status = .unfinished
        } else if skips.exceeds(loaded.limits.maxSkipped) {
            Console.error(
                "\(skips.total) selected product × variant jobs were skipped (limits.max_skipped: "
                    + "\(loaded.limits.maxSkipped ?? 0)); fill the fields in the feed, or set limits.max_skipped "
                    + "if such skips are expected",
                event: "skips_exceed_limit",
                [
                    "skipped": .stringConvertible(skips.total),
                    "max_skipped": .stringConvertible(loaded.limits.maxSkipped ?? 0),
                ])
            status = .partialFailure
        } else {
            status = .success
        }
        if report.interrupted {
            Console.err("interrupted: run the same command again to resume", event: "interrupted")
        }
        if status != .success { throw status.exitCode }
    }
}
