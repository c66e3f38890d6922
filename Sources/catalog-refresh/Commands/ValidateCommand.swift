import ArgumentParser
import CatalogModel
import PipelineSpec
import Planner

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a pipeline spec and report every problem at once, with file:line:column.",
        discussion: "Exits 0 when the spec is valid (warnings allowed), 3 when it has errors. Reads no feed.")

    @Argument(help: ArgumentHelp("The pipeline spec (YAML).", valueName: "spec.yml"))
    var spec: String

    @OptionGroup var output: OutputFormatOption

    func run() throws {
        let loaded = try SpecLoading.load(spec, format: output.format)
        let checks = SpecChecks.diagnostics(for: loaded)
        let problems = loaded.warnings + checks
        let errors = problems.filter { $0.severity == .error }
        switch output.format {
        case .json: Console.out(DiagnosticPrinter.json(problems))
        case .text:
            Console.print(checks)
            if errors.isEmpty {
                Console.out(
                    "\(spec): valid (\(loaded.variants.count) variant(s) per product, \(problems.count) warning(s))")
            }
        }
        if !errors.isEmpty { throw ExitStatus.invalidInput.exitCode }
    }
}

/// Checks that need the planner's knowledge (prices), on top of what the loader checks.
enum SpecChecks {
    static func diagnostics(for spec: PipelineSpec) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if let budget = spec.limits.budget {
            let references = spec.references.count
            let cheapest = spec.variants.map {
                CostEstimator.estimate(spec.imageSettings(for: $0), referenceCount: references)
            }.min()
            if let cheapest, budget < cheapest {
                diagnostics.append(
                    .error(
                        "the budget of \(budget) is below the cost of one job (\(cheapest))",
                        at: spec.limits.budgetLocation,
                        suggestion: "raise limits.budget_usd or lower image.quality"))
            }
        }
        return diagnostics
    }
}
