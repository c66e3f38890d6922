import ArgumentParser
import CatalogModel
import PipelineSpec

/// Loads the spec named on the command line, printing its diagnostics (warnings included) in
/// the chosen format, and exits 3 when it has errors. Shared by `run`, `plan` and `validate`.
enum SpecLoading {
    static func load(_ path: String, format: OutputFormatOption.Format = .text) throws -> PipelineSpec {
        do {
            let spec = try SpecLoader.load(path: path)
            if format == .text { Console.print(spec.warnings) }
            return spec
        } catch {
            if format == .json {
                Console.out(DiagnosticPrinter.json(error.diagnostics))
            } else {
                Console.print(error.diagnostics)
            }
            throw ExitStatus.invalidInput.exitCode
        }
    }
}
