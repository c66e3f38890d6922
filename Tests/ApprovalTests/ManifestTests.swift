import Approval
import AssetStorage
import CatalogModel
import CatalogTestSupport
import Foundation
import JobStore
import Testing

/// A small stored run whose product titles carry everything that breaks careless writers.
func fixtureItems(referencePath: String) -> [StoredItem] {
    let titles = [
        ("Q-1", "Mug \"Classic\", 12 oz"),
        ("S-2", "<script>alert('x')</script> Lamp"),
        ("N-3", "Two-line\ntitle"),
        ("U-4", "日本の急須 — Ø 10 cm"),
        ("F-5", "=HYPERLINK(\"http://evil\")"),
    ]
    return titles.enumerated().map { index, entry in
        let job = Job(
            key: JobKey(productID: entry.0, variantID: "background=marble"), productTitle: entry.1,
            variant: Variant(options: [VariantOption(axis: "background", id: "marble", fields: ["text": "on marble"])]),
            prompt: "\(entry.1) on marble",
            references: [ReferenceImage(link: "../images/mug.png", location: referencePath)],
            settings: ImageSettings(quality: "low"), estimatedCost: Money(usd: 0.0126))
        let record = JobRecord(
            job: job, state: .stored, idempotencyKey: "cr-\(index)", taskID: "task-unified-1-\(index)", resultURLs: [],
            failureReason: nil, failureRetryable: nil)
        let output = OutputRecord(
            path: "images/\(entry.0)/marble.png", sha256: String(repeating: String(index), count: 64), format: "png",
            width: 1024,
            height: 1024, bytes: 1000 + index, taskID: "task-unified-1-\(index)", fingerprint: job.fingerprint.hex,
            storedAt: Date(timeIntervalSince1970: 1_795_000_000 + Double(index)))
        return StoredItem(record: record, output: output)
    }
}

/// Two decisions on the fixture's images, with notes that need escaping.
let fixtureReviews: [JobKey: Review] = [
    JobKey(productID: "Q-1", variantID: "background=marble"): Review(
        state: .approved, reviewer: "ana", note: "ok, \"ship it\"",
        reviewedAt: Date(timeIntervalSince1970: 1_795_100_000),
        sha256: String(repeating: "0", count: 64)),
    JobKey(productID: "S-2", variantID: "background=marble"): Review(
        state: .rejected, reviewer: "ben", note: "<b>halo</b> on the rim\nsecond line",
        reviewedAt: Date(timeIntervalSince1970: 1_795_100_060), sha256: String(repeating: "1", count: 64)),
]

struct ManifestTests {
    func build() throws -> (Manifest, TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        let manifest = try ManifestBuilder(storage: FileAssetStorage(root: directory.path))
            .build(
                spec: .init(name: "fixture", file: "pipelines/fixture.yml", sha256: String(repeating: "f", count: 64)),
                run: .init(
                    id: 3, status: "finished", startedAt: "2026-11-20T01:00:00Z", finishedAt: "2026-11-20T01:09:30Z"),
                items: fixtureItems(referencePath: RepositoryPaths.fixture("images/mug.png")),
                reviews: fixtureReviews)
        return (manifest, directory)
    }

    @Test func manifestJSONMatchesItsGolden() throws {
        let (manifest, directory) = try build()
        try ManifestWriter.write(manifest, to: directory.path)
        let json = try String(contentsOfFile: directory.url("manifest.json").path, encoding: .utf8)
        #expect(
            Golden.mismatch(json, named: "manifest.json") == nil,
            "\(Golden.mismatch(json, named: "manifest.json") ?? "")")
        let decoded = try JSONDecoder().decode(Manifest.self, from: Data(json.utf8))
        #expect(decoded == manifest)
        #expect(decoded.items.map(\.productTitle)[2] == "Two-line\ntitle")
    }

    @Test func manifestCSVQuotesEverythingThatNeedsIt() throws {
        let (manifest, _) = try build()
        let csv = ManifestCSV.render(manifest)
        #expect(
            Golden.mismatch(csv, named: "manifest.csv") == nil, "\(Golden.mismatch(csv, named: "manifest.csv") ?? "")")
        #expect(csv.contains("\"Mug \"\"Classic\"\", 12 oz\""))
        #expect(csv.contains("\"Two-line\ntitle\""))
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""), "formulas are neutralised")
        for payload in ["-2+3+cmd|' /C calc'!A0", "+1", "@SUM(A1)", "\tx", "  =1"] {
            #expect(
                ManifestCSV.quote(payload).hasPrefix("'") || ManifestCSV.quote(payload).hasPrefix("\"'"), "\(payload)")
        }
        #expect(ManifestCSV.quote("Mug") == "Mug")
    }

    @Test func theReviewPageEscapesProductTextAndLinksImagesRelatively() throws {
        let (manifest, directory) = try build()
        let html = try ReviewPage.render(manifest)
        #expect(
            Golden.mismatch(html, named: "review.html") == nil, "\(Golden.mismatch(html, named: "review.html") ?? "")")
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert"))
        #expect(html.contains("日本の急須"))
        let reference = try #require(manifest.items.first?.references.first?.preview)
        #expect(
            reference.hasPrefix("references/") && FileManager.default.fileExists(atPath: directory.url(reference).path))
        #expect(html.components(separatedBy: "<img src=\"images/").count - 1 == 5)
    }

    @Test func aPublicBaseURLGivesEveryItemItsURL() throws {
        let directory = try TemporaryDirectory()
        let manifest = try ManifestBuilder(
            storage: FileAssetStorage(root: directory.path), publicBaseURL: "https://cdn.test/cat"
        )
        .build(
            spec: .init(name: "s", file: "s.yml"),
            items: fixtureItems(referencePath: RepositoryPaths.fixture("images/mug.png")))
        #expect(manifest.items.first?.publicURL == "https://cdn.test/cat/images/Q-1/marble.png")
        // manifest.json carries it too (it was left out of the coding keys, so only the CSV had it).
        try ManifestWriter.write(manifest, to: directory.path)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: directory.url("manifest.json"))) as? [String: Any])
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.first?["public_url"] as? String == "https://cdn.test/cat/images/Q-1/marble.png")
        let decoded = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: directory.url("manifest.json")))
        #expect(decoded == manifest)
    }

    @Test func writingTwiceGivesIdenticalFiles() throws {
        let (manifest, directory) = try build()
        try ManifestWriter.write(manifest, to: directory.path)
        let first = try ["manifest.json", "manifest.csv", "review.html"].map { try Data(contentsOf: directory.url($0)) }
        let (again, _) = try build()
        try ManifestWriter.write(again, to: directory.path)
        let second = try ["manifest.json", "manifest.csv", "review.html"].map {
            try Data(contentsOf: directory.url($0))
        }
        #expect(first == second)
    }
}
