import ArgumentParser
import Dispatcher
import ImageService
import JobStore
import PipelineSpec

struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Rerun the jobs that failed in earlier runs (optionally only those failed for one reason).",
        discussion: """
            The same as `run --only <the failed products>`: each failed job is planned again and submitted \
            under a new idempotency key (a failed task was not charged). Exit codes as for `run`.
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
        var loaded = try SpecLoading.load(spec)
        if let output = overrides.output { loaded.output.folder = SpecLoader.resolveCommandLinePath(output) }
        guard let store = try PlanBuilder.existingStore(for: loaded) else {
            Console.out("\(loaded.name): no runs yet, nothing to retry")
            return
        }
        let products = try store.failedProductIDs(reasonCode: reason)
        guard !products.isEmpty else {
            Console.out("\(loaded.name): no failed jobs\(reason.map { " with reason \($0)" } ?? "") to retry")
            return
        }
        Console.err("retrying the failed jobs of \(products.count) products")
        let lost = reason == nil || reason == TaskLoss.code ? try store.failedProductIDs(reasonCode: TaskLoss.code) : []
        if !lost.isEmpty { Console.err(TaskLoss.retryWarning(products: lost.count)) }
        var run = RunCommand()
        run.spec = spec
        run.overrides = overrides
        run.overrides.only = products
        try await run.run()
    }
}
