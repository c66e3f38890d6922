import ArgumentParser
import CatalogModel
import Dispatcher
import ImageService
import JobStore
import Logging
import PipelineSpec

struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Rerun the jobs that failed in earlier runs (optionally only those failed for one reason).",
        discussion: """
            Exactly the failed jobs (with --reason, exactly those that failed for it) are planned again and \
            submitted under a new idempotency key (a failed task was not charged). A --reason that no failed \
            job has exits 64 and lists the reasons there are. Exit codes as for `run`.
            """)

    @Argument(help: ArgumentHelp("The pipeline spec (YAML).", valueName: "spec.yml"))
    var spec: String

    @Flag(help: "Retry failed jobs (the only kind of retry there is; required so the intent is explicit).")
    var failed = false

    @Option(help: ArgumentHelp("Only jobs whose failure code is this, e.g. generation_timeout.", valueName: "code"))
    var reason: String?

    @OptionGroup var overrides: RunOverrides

    func validate() throws {
        guard failed else { throw ValidationError("say what to retry: --failed") }
        guard overrides.only.isEmpty else { throw ValidationError("retry picks the products itself; drop --only") }
    }

    func run() async throws {
        Console.use(overrides.logFormat)
        do {
            try await retry()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Console.error("\(error)")
            throw ExitStatus.failure.exitCode
        }
    }

    private func retry() async throws {
        var loaded = try SpecLoading.load(spec)
        if let output = overrides.output { loaded.output.folder = SpecLoader.resolveCommandLinePath(output) }
        guard let store = try PlanBuilder.existingStore(for: loaded) else {
            Console.out("\(loaded.name): no runs yet, nothing to retry")
            return
        }
        let failures = try store.failedJobs()
        guard !failures.isEmpty else {
            Console.out("\(loaded.name): no failed jobs to retry")
            return
        }
        let chosen = failures.filter { reason == nil || $0.code == reason }
        guard !chosen.isEmpty else {
            Console.error(
                Self.noneFailed(for: reason ?? "", among: failures.map(\.code)), event: "retry_reason_unknown")
            throw ExitCode.validationFailure
        }
        let products = Set(chosen.map(\.key.productID))
        Console.err(
            "retrying \(chosen.count) failed job\(chosen.count == 1 ? "" : "s") of \(products.count) "
                + "product\(products.count == 1 ? "" : "s")\(reason.map { " (reason \($0))" } ?? "")",
            event: "retry", ["jobs": .stringConvertible(chosen.count), "reason": .string(reason ?? "any")])
        let lost = chosen.filter { $0.code == TaskLoss.code }
        if !lost.isEmpty {
            Console.warning(
                TaskLoss.retryWarning(jobs: lost.count), event: "retry_task_lost",
                ["jobs": .stringConvertible(lost.count)])
        }
        let expired = chosen.filter { $0.code == ResultExpiry.code }
        if !expired.isEmpty {
            Console.warning(
                ResultExpiry.retryWarning(jobs: expired.count), event: "retry_result_expired",
                ["jobs": .stringConvertible(expired.count)])
        }
        var run = RunCommand()
        run.spec = spec
        run.overrides = overrides
        try await run.execute(selection: .jobs(Set(chosen.map(\.key))), loaded: loaded)
    }

    /// A reason no failed job has: the reasons there are, with counts, and the nearest one.
    static func noneFailed(for reason: String, among codes: [String]) -> String {
        var counts: [String: Int] = [:]
        for code in codes { counts[code, default: 0] += 1 }
        let listed = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) (\($0.value))" }
        let nearest = closestMatch(to: reason, in: counts.keys.sorted())
        return "no failed job has reason `\(reason)`"
            + (nearest.map { "; did you mean `\($0)`?" } ?? ".")
            + " The failed jobs' reasons: " + listed.joined(separator: ", ")
    }
}
