import PipelineSpec

/// A spec the planner tests write inline, as a spec file beside `/specs` would load: a spec
/// that does not load is a broken test, not a result.
func plannerTestSpec(_ yaml: String) -> PipelineSpec {
    do {
        return try SpecLoader.parse(yaml: yaml, file: "spec.yml", baseDirectory: "/specs")
    } catch {
        fatalError("test spec must load: \(error)")
    }
}
