import CatalogModel
import CatalogTestSupport
import Foundation
import PipelineSpec
import Testing

func loadSpec(_ yaml: String) throws(DiagnosticsError) -> PipelineSpec {
    try SpecLoader.parse(yaml: yaml, file: "spec.yml", baseDirectory: "/specs")
}

let validSpec = """
    version: 1
    name: demo
    feed:
      source: feeds/products.csv
    variants:
      background:
        - id: marble
          text: on marble
        - id: teal
          text: on teal
    prompt: "{{title}} {{background.text}}"
    output:
      folder: ../out/demo

    """

struct SpecLoaderTests {
    @Test func theQuickstartLoads() throws {
        let spec = try SpecLoader.load(path: RepositoryPaths.pipelines.appendingPathComponent("quickstart.yml").path)
        #expect(spec.name == "quickstart")
        #expect(spec.variants.map(\.id) == ["background=marble-kitchen", "background=studio-teal"])
        #expect(spec.feed.source == RepositoryPaths.fixture("feeds/quickstart.csv"))
        #expect(spec.image == ImageSettings(model: "gpt-image-2", size: "1:1", resolution: "1K", quality: "low"))
        #expect(spec.limits.budget == Money(usd: 2))
    }

    /// The manifest names the spec by its path from the output folder: the same whichever way
    /// the command named it (a nightly job's absolute path, a person's relative one).
    @Test func theManifestNamesTheSpecFromTheOutputFolder() throws {
        var spec = try loadSpec(validSpec)
        for file in ["/specs/spec.yml", "/specs/./x/../spec.yml", "/specs//spec.yml"] {
            spec.file = file
            #expect(spec.fileFromOutputFolder == "../../specs/spec.yml", "\(file)")
        }
        spec.output.folder = "/specs/out"
        #expect(spec.fileFromOutputFolder == "../spec.yml")
        spec.output.folder = "/specs"
        #expect(spec.fileFromOutputFolder == "spec.yml")
    }

    @Test func pathsResolveAgainstTheSpecsFolderAndDefaultsApply() throws {
        let spec = try loadSpec(validSpec)
        #expect(spec.feed.source == "/specs/feeds/products.csv")
        #expect(spec.output.folder == "/out/demo")
        #expect(spec.references == [.imageLink])
        #expect(spec.limits.concurrency == 4)
        #expect(spec.feed.maxInvalidRows == 0)
        #expect(spec.api.baseURL == nil)
    }

    @Test func variantsAreTheCartesianProductInAxisOrder() throws {
        #expect(try loadSpec(validSpec).variants.count == 2)
        let twoAxes = try loadSpec(
            validSpec.replacingOccurrences(
                of: "prompt:",
                with: """
                      season:
                        - id: winter
                        - id: summer
                        - id: spring
                    prompt:
                    """))
        #expect(
            twoAxes.variants.map(\.id) == [
                "background=marble,season=winter", "background=marble,season=summer", "background=marble,season=spring",
                "background=teal,season=winter", "background=teal,season=summer", "background=teal,season=spring",
            ])
    }

    /// Each broken spec, with markers where its diagnostic must point and the exact message.
    @Test(arguments: [
        (
            "version: 1\nfeed:\n  source: a.csv\nprompt: x\noutput:\n  1️⃣foldr: out\n",
            "unknown key `foldr` in `output`; did you mean `folder`?"
        ),
        (
            "version: 1\nfeed:\n  source: a.csv\nprompt: \"1️⃣{{titel}}\"\noutput:\n  folder: out\n",
            "unknown field `{{titel}}` in prompt; did you mean `{{title}}`?"
        ),
        (
            "version: 1\n1️⃣feeds:\n  source: a.csv\nprompt: x\noutput:\n  folder: out\n",
            "unknown key `feeds` at the top level; did you mean `feed`?"
        ),
        (
            "version: 1\nfeed:\n  source: a.csv\nprompt: x\noutput:\n  folder: out\nlimits:\n  concurrency: 1️⃣many\n",
            "`limits.concurrency` must be a whole number, found `many`"
        ),
        (
            "version: 1\nfeed:\n  source: a.csv\nprompt: x\noutput:\n  folder: out\nimage:\n  size: 1️⃣1000x1000\n",
            "size 1000x1000: width and height must be multiples of 16"
        ),
        (
            "version: 1\nfeed:\n  source: a.csv\nprompt: x\noutput:\n  folder: out\nvariants:\n  1️⃣background: []\n",
            "variant axis `background` has no entries"
        ),
        (
            "version: 2\nfeed:\n  source: a.csv\nprompt: x\noutput:\n  folder: out\n".replacingOccurrences(
                of: "version: 2", with: "version: 1️⃣2"),
            "`version` must be between 1 and 1, not 2"
        ),
        (
            "1️⃣version: 1\nfeed:\n  source: a.csv\noutput:\n  folder: out\n",
            "missing required key `prompt`"
        ),
        (
            "version: 1\nfeed:\n  source: a.csv\nprompt: x\noutput:\n  folder: out\nlimits:\n  budget_usd: 1️⃣-3\n",
            "`limits.budget_usd` must be greater than 0"
        ),
        (
            "version: 1\nfeed:\n  source: a.csv\nprompt: x\noutput:\n  folder: out\nreferences:\n  - 1️⃣thumbnail\n",
            "unknown reference `thumbnail`; use `image_link`, `additional_image_links[N]` or `template: …`"
        ),
        (
            "version: 1\nfeed:\n  source: a.csv\nprompt: x\noutput:\n  folder: out\nvariants:\n  background:\n    - 1️⃣text: no id\n",
            "every entry of `variants.background` needs an `id`"
        ),
        (
            "version: 1\nfeed:\n  source: a.csv\nprompt: \"{{#brand}}by {{brand}}1️⃣\"\noutput:\n  folder: out\n",
            "prompt: section `{{#brand}}` is never closed with `{{/brand}}`"
        ),
    ])
    func brokenSpecsPointAtTheProblem(marked: String, message: String) throws {
        let source = MarkedText(marked)
        let diagnostics = try #require(throws: DiagnosticsError.self) { try loadSpec(source.text) }.diagnostics
        let expected = source["1"]
        let match = diagnostics.first { $0.description.contains(message) }
        let diagnostic = try #require(match, "no `\(message)` in \(diagnostics)")
        // The template-syntax case points at the prompt value, not inside it.
        if !message.hasPrefix("prompt:") {
            #expect(
                diagnostic.location?.line == expected.line && diagnostic.location?.column == expected.column,
                "\(diagnostic)")
        }
        #expect(diagnostic.location?.file == "spec.yml")
    }

    @Test func everyProblemIsReportedAtOnce() {
        let yaml =
            "version: 1\nfeed:\n  sorce: a.csv\nprompt: \"{{nme}}\"\noutput:\n  folder: out\nimage:\n  quality: ultra\n"
        let error = #expect(throws: DiagnosticsError.self) { try loadSpec(yaml) }
        // `sorce` unknown, `source` missing, `{{nme}}` unknown, `ultra` not a quality.
        #expect(error?.diagnostics.count == 4, "\(String(describing: error))")
    }

    @Test func duplicateKeysAndTabsAreYAMLErrors() {
        let duplicate = "version: 1\nversion: 1\nfeed:\n  source: a.csv\nprompt: x\noutput:\n  folder: out\n"
        let duplicateError = #expect(throws: DiagnosticsError.self) { try loadSpec(duplicate) }
        #expect(duplicateError?.diagnostics.first?.message == "duplicate key `version`: it is also on line 1")
        #expect(duplicateError?.diagnostics.first?.location?.line == 2)
        let tabError = #expect(throws: DiagnosticsError.self) { try loadSpec("version: 1\nfeed:\n\tsource: a.csv\n") }
        #expect(
            tabError?.diagnostics.first?.message == "line 3 is indented with a tab; YAML indentation must be spaces")
        #expect(tabError?.diagnostics.first?.location?.line == 3)
    }

    @Test func aMissingSpecFileIsADiagnostic() {
        let error = #expect(throws: DiagnosticsError.self) { try SpecLoader.load(path: "/nonexistent/spec.yml") }
        #expect(error?.diagnostics.map(\.description) == ["/nonexistent/spec.yml:1:1: error: spec file does not exist"])
    }

    @Test func anEmptySpecIsADiagnostic() {
        #expect(throws: DiagnosticsError.self) { try loadSpec("") }
        #expect(throws: DiagnosticsError.self) { try loadSpec("just a string") }
    }
}

/// The annotated example in pipelines/README.md is documentation users copy: it must load.
struct DocumentedSpecTests {
    @Test func theAnnotatedExampleInPipelinesREADMEIsValid() throws {
        let readme = try String(
            contentsOf: RepositoryPaths.pipelines.appendingPathComponent("README.md"), encoding: .utf8)
        let yaml = try #require(
            readme.components(separatedBy: "```yaml\n").dropFirst().first?.components(separatedBy: "```").first)
        let spec = try loadSpec(yaml)
        #expect(spec.variants.count == 5)
        #expect(spec.references.count == 3 && spec.output.fileName != nil && spec.output.publicBaseURL != nil)
        #expect(spec.selection != nil && spec.feed.maxInvalidPercent == 2)
    }
}
