import CatalogTestSupport
import Foundation
import Testing

/// A prompt's `{{attributes.X}}` against the real feed: a name no record has stops `plan` and
/// `run` with a located error before anything is submitted; products skipped because the field
/// is blank for them make the run exit 4 unless the spec expects such skips.
@Suite(.serialized)
struct PromptFieldCheckTests {
    let executable = RepositoryPaths.executable

    /// The quickstart's products with a `condition` column that two of them leave blank.
    func writeFeed(in directory: TemporaryDirectory) throws -> String {
        let images = RepositoryPaths.root.appendingPathComponent("fixtures/images").path
        let rows = try String(contentsOfFile: RepositoryPaths.fixture("feeds/quickstart.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let conditions = ["condition", "new", "", "refurbished", "new", "", "used"]
        let text = zip(rows, conditions).map { "\($0),\($1)" }.joined(separator: "\n") + "\n"
        return try directory.write(text.replacingOccurrences(of: "../images", with: images), to: "feed.csv")
    }

    func writeSpec(in directory: TemporaryDirectory, field: String, limits: String = "") throws -> String {
        let feed = try writeFeed(in: directory)
        let spec = """
            version: 1
            feed:
              source: \(feed)
            variants:
              background:
                - id: teal
                  text: on a teal backdrop
            prompt: "Photo of the {{title}} in {{attributes.\(field)}} condition, {{background.text}}"
            image:
              quality: low
            limits:
              requests_per_minute: 600
            \(limits)
            output:
              folder: out

            """
        return try directory.write(spec, to: "spec.yml")
    }

    func run(_ arguments: [String], in directory: TemporaryDirectory) async throws -> ProcessResult {
        try await ProcessRunner.run(executable, arguments, workingDirectory: directory.path)
    }

    @Test func aTypoStopsPlanAndRunWithALocatedErrorAndNothingSubmitted() async throws {
        let directory = try TemporaryDirectory()
        let spec = try writeSpec(in: directory, field: "condtion")
        let expected = """
            \(spec):8:36: error: no record in the feed has `condtion`, which the prompt uses as \
            `{{attributes.condtion}}`; did you mean `{{attributes.condition}}`?
                prompt: "Photo of the {{title}} in {{attributes.condtion}} condition, {{background.text}}"
                                                   ^
            """
        await #expect(try run(["validate", spec], in: directory).exitCode == 0, "validate reads no feed")

        let plan = try await run(["plan", spec], in: directory)
        #expect(plan.exitCode == 3, "\(plan.stderr)")
        #expect(plan.stderr.contains(expected), "\(plan.stderr)")
        #expect(!plan.stderr.contains("warning: product"), "no warning per product")

        let json = try await run(["plan", spec, "--format", "json"], in: directory)
        #expect(json.exitCode == 3)
        #expect(json.stdout.contains("\"suggestion\" : \"did you mean `{{attributes.condition}}`?\""), "\(json.stdout)")

        let output = directory.url("out")
        let result = try await run(["run", spec], in: directory)
        #expect(result.exitCode == 3, "\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(!result.stderr.contains("submitting"))
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("images").path))
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("report.json").path))
    }

    struct ReportFile: Decodable {
        struct Skipped: Decodable {
            struct Entry: Decodable {
                var product_id: String
                var variant_id: String?
                var line: Int?
                var reason: String
            }

            var total: Int
            var products: Int
            var by_reason: [String: Int]
            var entries: [Entry]
            var listed_all: Bool
        }

        var skipped: Skipped
    }

    @Test func skippedProductsMakeTheRunExit4AndAreListedInTheReport() async throws {
        let directory = try TemporaryDirectory()
        let spec = try writeSpec(in: directory, field: "condition")
        let result = try await run(["run", spec], in: directory)
        #expect(result.exitCode == 4, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "warning: skipped 2 product × variant jobs of 2 products: 2 `{{attributes.condition}}` is empty\n"
                    + "warning: skipped products: LAMP-014, WTCH-042\n"), "\(result.stderr)")
        #expect(result.stderr.contains("error: 2 selected product × variant jobs were skipped (limits.max_skipped: 0)"))
        #expect(result.stdout.contains("4 new, 0 changed, 0 unchanged; 4 submitted, 4 stored, 0 failed"))

        let data = try Data(contentsOf: directory.url("out/report.json"))
        let skipped = try JSONDecoder().decode(ReportFile.self, from: data).skipped
        #expect(skipped.total == 2 && skipped.products == 2 && skipped.listed_all)
        #expect(skipped.by_reason == ["`{{attributes.condition}}` is empty": 2])
        #expect(skipped.entries.map(\.product_id) == ["LAMP-014", "WTCH-042"])
        #expect(skipped.entries.map(\.line) == [3, 6])
        #expect(skipped.entries.allSatisfy { $0.variant_id == "background=teal" })

        // A rerun still skips them: still exit 4, nothing submitted again.
        let again = try await run(["run", spec], in: directory)
        #expect(again.exitCode == 4)
        #expect(again.stdout.contains("0 submitted"))
    }

    @Test func theSpecCanSaySuchSkipsAreExpected() async throws {
        let directory = try TemporaryDirectory()
        let spec = try writeSpec(in: directory, field: "condition", limits: "  max_skipped: 2")
        let result = try await run(["run", spec], in: directory)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: skipped 2 product × variant jobs of 2 products"))

        let tooFew = try writeSpec(in: directory, field: "condition", limits: "  max_skipped: 1")
        await #expect(try run(["run", tooFew], in: directory).exitCode == 4)
    }
}
