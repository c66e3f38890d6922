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

/// A spec on `feed.csv` with two `background` variants (`marble`, `teal`), the given prompt and
/// the rest of its sections (`rest`, YAML at the top level), written to `out`.
func twoBackgroundsSpec(prompt: String, _ rest: String = "") -> PipelineSpec {
    plannerTestSpec(
        """
        version: 1
        feed:
          source: feed.csv
        variants:
          background:
            - id: marble
              text: on marble
            - id: teal
              text: on teal
        prompt: "\(prompt)"
        \(rest)
        output:
          folder: out

        """)
}
