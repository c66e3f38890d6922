import CatalogTestSupport
import Foundation
import Testing

/// `approve`, `reject`, `--from`, `manifest` and `export` on the quickstart's output, through
/// the built binary.
@Suite(.serialized)
struct ReviewCommandsTests {
    let spec = RepositoryPaths.pipelines.appendingPathComponent("quickstart.yml").path

    struct Manifest: Decodable {
        struct Item: Decodable {
            var product_id: String
            var variant_id: String
            var sha256: String
            var review_state: String
            var reviewer: String?
            var review_note: String?
        }

        var items: [Item]
    }

    func run(_ arguments: [String], in directory: TemporaryDirectory) async throws -> ProcessResult {
        try await ProcessRunner.run(
            RepositoryPaths.executable, arguments, workingDirectory: directory.path, environment: ["USER": "ana"])
    }

    func manifest(_ output: String) throws -> Manifest {
        try JSONDecoder().decode(
            Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: output).appendingPathComponent("manifest.json")))
    }

    func states(_ output: String) throws -> [String: Int] {
        Dictionary(grouping: try manifest(output).items, by: \.review_state).mapValues(\.count)
    }

    @Test func decisionsFromTheCommandLineAndFromAFileLandInTheManifest() async throws {
        let directory = try TemporaryDirectory()
        let output = directory.url("out").path
        let generated = try await run(["run", spec, "--output", output], in: directory)
        #expect(generated.exitCode == 0, "\(generated.stderr)")
        #expect(try states(output) == ["pending": 12])

        // Without a selection: a usage error, nothing recorded.
        let noSelection = try await run(["approve", spec, "--output", output], in: directory)
        #expect(noSelection.exitCode == 64 && noSelection.stderr.contains("say which items"))

        let approved = try await run(
            ["approve", spec, "--output", output, "--product", "MUG-001", "--note", "ok, \"great\""], in: directory)
        #expect(approved.exitCode == 0, "\(approved.stderr)")
        #expect(approved.stdout.contains("recorded 2 decisions; now 2 approved, 0 rejected, 10 pending"))
        let mug = try manifest(output).items.filter { $0.product_id == "MUG-001" }
        #expect(
            mug.allSatisfy {
                $0.review_state == "approved" && $0.reviewer == "ana" && $0.review_note == "ok, \"great\""
            })

        let rejected = try await run(
            ["reject", spec, "--output", output, "--variant", "background=studio-teal", "--all-pending"], in: directory)
        #expect(rejected.exitCode == 0, "\(rejected.stderr)")
        #expect(try states(output) == ["approved": 2, "rejected": 5, "pending": 5])

        let unknown = try await run(["approve", spec, "--output", output, "--product", "NOPE"], in: directory)
        #expect(unknown.exitCode == 3 && unknown.stderr.contains("NOPE"))

        // A decisions file as the static review page downloads it: a reset, an approval, and a
        // decision on an image that has since changed (skipped with a warning).
        let items = try manifest(output).items
        let mugMarble = try #require(items.first { $0.product_id == "MUG-001" && $0.variant_id.contains("marble") })
        let pending = try #require(items.first { $0.review_state == "pending" })
        let other = try #require(items.first { $0.review_state == "rejected" })
        let file = """
            {"decisions": [
              {"product_id": "\(mugMarble.product_id)", "variant_id": "\(mugMarble.variant_id)", "state": "pending"},
              {"product_id": "\(pending.product_id)", "variant_id": "\(pending.variant_id)", "state": "approved",
               "note": "from the page", "sha256": "\(pending.sha256)", "reviewer": "ben"},
              {"product_id": "\(other.product_id)", "variant_id": "\(other.variant_id)", "state": "approved",
               "sha256": "\(String(repeating: "0", count: 64))"}
            ]}
            """
        let path = try directory.write(file, to: "decisions.json")
        let imported = try await run(["approve", spec, "--output", output, "--from", path], in: directory)
        #expect(imported.exitCode == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("the image changed since the decision was made"))
        let after = try manifest(output).items
        #expect(
            after.first { $0.variant_id == mugMarble.variant_id && $0.product_id == "MUG-001" }?.review_state
                == "pending")
        let fromPage = after.first { $0.product_id == pending.product_id && $0.variant_id == pending.variant_id }
        #expect(fromPage?.review_state == "approved" && fromPage?.reviewer == "ben")
        #expect(
            after.first { $0.product_id == other.product_id && $0.variant_id == other.variant_id }?.review_state
                == "rejected")

        // --from carries its own items and states: selection flags beside it are a usage error.
        let mixed = try await run(
            ["approve", spec, "--output", output, "--from", path, "--product", "MUG-001"], in: directory)
        #expect(mixed.exitCode == 64 && mixed.stderr.contains("--from takes the items"))
        let everywhere = try await run(
            ["review", spec, "--output", output, "--host", "0.0.0.0", "--allow-remote"], in: directory)
        #expect(everywhere.exitCode == 64 && everywhere.stderr.contains("name the address other machines will use"))
        let remote = try await run(["review", spec, "--output", output, "--host", "192.0.2.1"], in: directory)
        #expect(remote.exitCode == 64 && remote.stderr.contains("--allow-remote"))

        for bad in ["{", "{\"decisions\": [{\"product_id\": \"MUG-001\", \"variant_id\": \"x\", \"state\": \"yes\"}]}"]
        {
            let badPath = try directory.write(bad, to: "bad.json")
            let refused = try await run(["reject", spec, "--output", output, "--from", badPath], in: directory)
            #expect(refused.exitCode == 3, "\(bad): \(refused.stderr)")
        }

        let rewritten = try await run(["manifest", spec, "--output", output], in: directory)
        #expect(rewritten.exitCode == 0 && rewritten.stdout.contains("12 images: 2 approved, 5 rejected, 5 pending"))
        let status = try await run(["status", spec, "--output", output], in: directory)
        #expect(status.stdout.contains("review: 2 approved, 5 rejected, 5 pending of 12 images"), "\(status.stdout)")
    }

    /// The quickstart spec writing to `out` beside it, served from `publicBaseURL` (or, with
    /// `nil`, from nowhere: the marketplace exports then have no URL to give).
    func quickstartCopy(
        in directory: TemporaryDirectory, publicBaseURL: String? = "https://cdn.example.com/catalog"
    ) throws -> String {
        let text = try String(contentsOfFile: spec, encoding: .utf8)
            .replacingOccurrences(
                of: "../fixtures/feeds/quickstart.csv", with: RepositoryPaths.fixture("feeds/quickstart.csv")
            )
            .replacingOccurrences(of: "  folder: ../out/quickstart", with: "  folder: out")
            .replacingOccurrences(
                of: "  public_base_url: https://cdn.example.com/quickstart\n",
                with: publicBaseURL.map { "  public_base_url: \($0)\n" } ?? "")
        return try directory.write(text, to: publicBaseURL == nil ? "unpublished.yml" : "published.yml")
    }

    @Test func exportsAreIdenticalTwiceAndEmptyWhenNothingIsApproved() async throws {
        let directory = try TemporaryDirectory()
        let spec = try quickstartCopy(in: directory)
        let output = directory.url("out").path
        let generated = try await run(["run", spec], in: directory)
        #expect(generated.exitCode == 0, "\(generated.stderr)")

        let empty = try await run(["export", spec, "--output", output, "--format", "csv"], in: directory)
        #expect(empty.exitCode == 0, "\(empty.stderr)")
        #expect(empty.stdout.contains("nothing approved — empty csv export written"))
        let csv = URL(fileURLWithPath: output).appendingPathComponent("exports/approved-images.csv")
        #expect(try String(contentsOf: csv, encoding: .utf8).split(separator: "\r\n").count == 1)

        await #expect(try run(["approve", spec, "--output", output, "--all-pending"], in: directory).exitCode == 0)
        for format in ["csv", "json", "amazon", "merchant-center", "shopify"] {
            let first = try await run(["export", spec, "--output", output, "--format", format], in: directory)
            #expect(first.exitCode == 0, "\(format): \(first.stdout) \(first.stderr)")
            #expect(first.stdout.contains("exported 12 of 12 approved images"), "\(format): \(first.stdout)")
            let before = try snapshot(URL(fileURLWithPath: output).appendingPathComponent("exports"))
            await #expect(
                try run(["export", spec, "--output", output, "--format", format], in: directory).exitCode == 0)
            #expect(try snapshot(URL(fileURLWithPath: output).appendingPathComponent("exports")) == before, "\(format)")
        }
        #expect(try String(contentsOf: csv, encoding: .utf8).split(separator: "\r\n").count == 13)
        let shopify = try String(
            contentsOf: URL(fileURLWithPath: output).appendingPathComponent("exports/shopify-images.csv"),
            encoding: .utf8)
        #expect(shopify.contains("https://cdn.example.com/catalog/images/MUG-001/"))

        // Without output.public_base_url there is no URL to give Shopify: every image is a
        // violation, and the exit status says so.
        let unpublished = try quickstartCopy(in: directory, publicBaseURL: nil)
        let other = directory.url("plain").path
        await #expect(try run(["run", unpublished, "--output", other], in: directory).exitCode == 0)
        await #expect(
            try run(["approve", unpublished, "--output", other, "--all-pending"], in: directory).exitCode == 0)
        let refused = try await run(["export", unpublished, "--output", other, "--format", "shopify"], in: directory)
        #expect(refused.exitCode == 4 && refused.stdout.contains("public_base_url"))
    }

    @Test func reviewCommandsOnASpecThatNeverRanSaySo() async throws {
        let directory = try TemporaryDirectory()
        let result = try await run(["manifest", spec, "--output", directory.url("none").path], in: directory)
        #expect(result.exitCode == 1 && result.stderr.contains("run `catalog-refresh run"))
    }

    /// Every file under `folder` with its bytes.
    func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            if (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
                files[url.path] = try Data(contentsOf: url)
            }
        }
        return files
    }
}
