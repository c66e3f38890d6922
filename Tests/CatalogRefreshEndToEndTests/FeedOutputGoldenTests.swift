import CatalogTestSupport
import Foundation
import Testing

/// `catalog-refresh feed`'s output, byte for byte, on every example feed and a generated
/// Shopify export, against baselines recorded before the command was tuned for speed: the
/// JSON Lines are a contract (diffs between runs, scripts downstream), so speed must not move
/// a byte. Standard error (rejections, errors) and the exit code are kept beside them.
@Suite(.serialized)
struct FeedOutputGoldenTests {
    static let fixtureFolder = RepositoryPaths.fixture("feeds")

    static let fixtures: [String] = {
        let names = try? FileManager.default.contentsOfDirectory(atPath: fixtureFolder)
        return (names ?? []).filter { $0.hasSuffix(".csv") || $0.hasSuffix(".tsv") || $0.hasSuffix(".xml") }.sorted()
    }()

    /// Runs `feed` on `name` from its folder, so messages name the file as the baseline does.
    static func check(_ name: String, in folder: String) async throws {
        let result = try await ProcessRunner.run(
            RepositoryPaths.executable, ["feed", name, "--max-invalid", "100000"], workingDirectory: folder)
        let output = result.stdout
        #expect(
            Golden.mismatch(output, named: "feed/\(name).jsonl") == nil,
            "\(Golden.mismatch(output, named: "feed/\(name).jsonl") ?? "")")
        let errors = "exit \(result.exitCode)\n" + result.stderr
        #expect(
            Golden.mismatch(errors, named: "feed/\(name).stderr") == nil,
            "\(Golden.mismatch(errors, named: "feed/\(name).stderr") ?? "")")
    }

    @Test(arguments: fixtures)
    func exampleFeedPrintsTheRecordedLines(_ name: String) async throws {
        try await Self.check(name, in: Self.fixtureFolder)
    }

    @Test func generatedShopifyExportPrintsTheRecordedLines() async throws {
        let directory = try TemporaryDirectory()
        try directory.write(VariedShopifyCSV.make(products: 400), to: "varied-shopify.csv")
        try await Self.check("varied-shopify.csv", in: directory.path)
    }

    /// Lines are written on a thread of their own, a batch at a time: many batches keep their
    /// order, and `--limit` stops after exactly its products, the same lines as the whole run.
    @Test func aLongFeedKeepsItsOrderAndALimitPrintsAPrefix() async throws {
        let directory = try TemporaryDirectory()
        try directory.write(VariedShopifyCSV.make(products: 3000, seed: 7), to: "long.csv")
        let whole = try await ProcessRunner.run(
            RepositoryPaths.executable, ["feed", "long.csv", "--max-invalid", "100000"],
            workingDirectory: directory.path)
        let lines = whole.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(whole.exitCode == 0 && lines.count > 2000)
        let limited = try await ProcessRunner.run(
            RepositoryPaths.executable, ["feed", "long.csv", "--max-invalid", "100000", "--limit", "1500"],
            workingDirectory: directory.path)
        #expect(limited.exitCode == 0)
        #expect(limited.stdout == lines.prefix(1500).joined(separator: "\n") + "\n")
    }
}
