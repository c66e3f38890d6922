import CatalogModel
import CatalogTestSupport
import Foundation
import PipelineSpec
import Testing

@Suite("Spec input attacks")
struct SpecInputAttackTests {
    /// The diagnostics of `yaml`, or none when it loads.
    func problems(_ yaml: String, baseDirectory: String = "/specs/shop") -> [String] {
        do {
            _ = try SpecLoader.parse(yaml: yaml, file: "spec.yml", baseDirectory: baseDirectory)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    func spec(limits: String = "", output: String = "folder: out", prompt: String = "\"{{title}}\"") -> String {
        """
        version: 1
        feed:
          source: a.csv
        prompt: \(prompt)
        \(limits)
        output:
          \(output)

        """
    }

    /// #20 item 4: `budget_usd: 1e13` trapped converting to micro-dollars (exit 132); now a
    /// located error with the range, as are infinities and NaN.
    @Test(arguments: [
        ("1e13", "spec.yml:6:15: error: `limits.budget_usd` must be at most 1000000, not 1e13"),
        ("1000000.01", "spec.yml:6:15: error: `limits.budget_usd` must be at most 1000000, not 1000000.01"),
        (".inf", "spec.yml:6:15: error: `limits.budget_usd` must be a number, found `.inf`"),
        ("nan", "spec.yml:6:15: error: `limits.budget_usd` must be a number, found `nan`"),
    ])
    func budgetsOutOfRangeAreLocatedErrors(value: String, expected: String) {
        let found = problems(spec(limits: "limits:\n  budget_usd: \(value)"))
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix(expected) == true, "\(found)")
    }

    /// #20 item 4: the largest budget loads, exactly.
    @Test func theLargestBudgetLoads() throws {
        let loaded = try SpecLoader.parse(
            yaml: spec(limits: "limits:\n  budget_usd: 1000000"), file: "spec.yml", baseDirectory: "/specs")
        #expect(loaded.limits.budget == Money(micros: 1_000_000_000_000))
    }

    /// #20 item 4: an explicit size with edges past `Int` products (it trapped multiplying them).
    @Test func aHugeExplicitSizeIsAnErrorNotATrap() {
        let found = problems(spec(limits: "image:\n  size: 9999999999999x9999999999999"))
        #expect(found.contains { $0.contains("each edge must be between 16 and 3840 pixels") }, "\(found)")
    }

    /// #20 item 5: a billion laughs in `select` (810 bytes) took 25–80 s and 445 MB and was
    /// "valid"; the expansion is counted before composing and stops at 100,000 nodes, located.
    @Test func anAliasBombIsRefusedQuickly() {
        // Valid conditions nested ten by ten: on main the reader walked 10^8 of them (670 bytes:
        // killed after 120 s at 1.2 GB). Now: 0.02 s, 30 MB, exit 3.
        var yaml = "version: 1\nfeed:\n  source: a.csv\nprompt: x\noutput:\n  folder: out\nselect:\n  any:\n"
        yaml += "    - &c0 {field: title, equals: x}\n"
        for level in 1...8 {
            yaml +=
                "    - &c\(level) {any: [" + Array(repeating: "*c\(level - 1)", count: 10).joined(separator: ", ")
                + "]}\n"
        }
        let started = ContinuousClock.now
        let found = problems(yaml)
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(found.count == 1)
        #expect(
            found.first?.hasPrefix(
                "spec.yml:14:18: error: the spec's aliases expand to more than 100000 YAML nodes") == true,
            "\(found)")
    }

    /// #20 item 5: aliases used as mapping keys were hashed whole while composing; they count too.
    @Test func anAliasBombInKeysIsRefusedQuickly() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...7 {
            yaml +=
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        yaml += "? *a7\n: 1\n? [*a7]\n: 2\n"
        let started = ContinuousClock.now
        let found = problems(yaml)
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(found.first?.contains("aliases expand to more than 100000 YAML nodes") == true, "\(found)")
    }

    /// #20 item 5: aliases that stay small are fine.
    @Test func modestAliasesStillLoad() {
        let yaml = spec(limits: "x_common: &common\n  concurrency: 2\nlimits: *common")
        #expect(problems(yaml).allSatisfy { !$0.contains("aliases expand") })
    }

    /// #20 items 5 and 12: a spec file over 1 MB (a 100 MB prompt took 2 GB) is refused before
    /// it is read whole.
    @Test func aSpecFileOverOneMegabyteIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(spec(prompt: String(repeating: "a", count: 1_000_001)), to: "big.yml")
        #expect(throws: DiagnosticsError.self) { try SpecLoader.load(path: path) }
        do {
            _ = try SpecLoader.load(path: path)
        } catch {
            #expect(error.diagnostics.map(\.message) == ["the spec file is over 1 MB, more than any hand-written spec"])
        }
    }

    /// #20 item 9: an output folder that is `/`, the home folder or holds the spec's own folder.
    @Test(arguments: [
        ("/", "it is the filesystem root"), ("../../..", "it is the filesystem root"),
        ("..", "it holds the spec file's folder"), ("/specs", "it holds the spec file's folder"),
        (NSHomeDirectory(), "it is your home folder"),
    ])
    func dangerousOutputFoldersAreLocatedErrors(folder: String, reason: String) {
        let found = problems(spec(output: "folder: \"\(folder)\""))
        #expect(found.count == 1, "\(found)")
        #expect(
            found.first?.hasPrefix(
                "spec.yml:7:11: error: `output.folder` `\(folder)` cannot be an output folder: \(reason)") == true,
            "\(found)")
    }

    /// #20 item 9: folders of their own are fine, beside or below the spec.
    @Test(arguments: ["out", "../out/shop", "/var/tmp/catalog", "."])
    func ownOutputFoldersLoad(folder: String) {
        #expect(problems(spec(output: "folder: \"\(folder)\"")) == [])
    }

    /// #20 item 12: a prompt template over the API's 32,000 code points is a located error;
    /// code points, not Characters: e + a combining accent is two.
    @Test func aPromptOverTheAPILimitIsALocatedError() {
        let accented = String(repeating: "e\u{301}", count: 16_001)
        #expect(accented.count == 16_001)
        let found = problems(spec(prompt: "\"\(accented)\""))
        #expect(
            found.first?.hasPrefix(
                "spec.yml:4:9: error: the prompt is 32002 Unicode code points; the API accepts at most 32000") == true,
            "\(found.map { $0.prefix(200) })")
        #expect(problems(spec(prompt: "\"" + String(repeating: "a", count: 32_000) + "\"")) == [])
    }

    /// #20 item 3: a `file_name` without the product id or a variant axis would let two jobs
    /// write one file.
    @Test(arguments: [
        ("x", "`{{id}}`, `{{background.id}}`"), ("\"{{id}}\"", "`{{background.id}}`"),
        ("\"{{title}}/{{background.id}}\"", "`{{id}}`"),
    ])
    func fileNamesMustNameTheProductAndEveryAxis(fileName: String, missing: String) {
        let yaml =
            spec(output: "folder: out\n  file_name: \(fileName)")
            + "variants:\n  background:\n    - id: marble\n      text: m\n    - id: teal\n      text: t\n"
        let found = problems(yaml.replacingOccurrences(of: "\"{{title}}\"", with: "\"{{title}} {{background.text}}\""))
        #expect(found.count == 1, "\(found)")
        #expect(
            found.first?.hasPrefix(
                "spec.yml:8:14: error: `output.file_name` must name the product and every variant axis, or two "
                    + "jobs would write one file; it lacks \(missing)") == true, "\(found)")
    }

    /// #20 item 3: `{{variant}}` or each `{{axis.id}}`, with `{{id}}`, is enough.
    @Test(arguments: ["\"{{id}}/{{variant}}\"", "\"{{brand}}/{{id}}-{{background.id}}\""])
    func fileNamesNamingProductAndAxesLoad(fileName: String) {
        let yaml =
            spec(output: "folder: out\n  file_name: \(fileName)")
            + "variants:\n  background:\n    - id: marble\n      text: m\n    - id: teal\n      text: t\n"
        #expect(
            problems(yaml.replacingOccurrences(of: "\"{{title}}\"", with: "\"{{title}} {{background.text}}\"")) == [])
    }

    /// #20 items 2 and 16 for the spec's own names: variant ids and axis names with a control
    /// character (written with YAML's escapes), `,` or `=` are located errors, quoted escaped.
    @Test(arguments: [
        (
            "background", "\"a\\eb\"",
            "spec.yml:8:7: error: variant id `a\\eb` in `variants.background` has a control character"
        ),
        (
            "background", "\"a,season=b\"",
            "spec.yml:8:7: error: variant id `a,season=b` in `variants.background` has `,` or `=`"
        ),
        ("\"bg=x\"", "plain", "spec.yml:7:3: error: variant axis `bg=x` has `,` or `=`"),
        ("\"bg\\n\"", "plain", "spec.yml:7:3: error: variant axis `bg\\n` has a control character"),
    ])
    func variantNamesThatWouldBreakAVariantIDAreRefused(axis: String, id: String, expected: String) {
        let yaml = spec().replacingOccurrences(
            of: "output:", with: "variants:\n  \(axis):\n    - id: \(id)\n      text: x\noutput:")
        let found = problems(yaml)
        #expect(found.contains { $0.hasPrefix(expected) }, "\(found)")
    }
}
