import CatalogTestSupport
import Foundation
import Testing

/// `catalog-refresh feed` as a user runs it: files, standard input and URLs, gzip included.
@Suite(.serialized)
struct FeedCommandTests {
    let executable = RepositoryPaths.executable

    func feed(_ arguments: [String], stdin: String? = nil) async throws -> ProcessResult {
        guard let stdin else { return try await ProcessRunner.run(executable, ["feed"] + arguments) }
        let directory = try TemporaryDirectory()
        let input = try directory.write(stdin, to: "stdin.txt")
        return try await ProcessRunner.run(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "\"\(executable.path)\" feed \(arguments.joined(separator: " ")) < \"\(input)\""])
    }

    func objects(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func printsOneJSONObjectPerProductWithAStableKeyOrder() async throws {
        let result = try await feed([RepositoryPaths.fixture("feeds/quickstart.csv")])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines[0].hasPrefix(#"{"id":"MUG-001","title":"Stoneware Coffee Mug, 12 oz","description":"#))
        #expect(lines[0].contains(#""image_link":"../images/mug.png","additional_image_links":[],"product_type":"#))
        #expect(lines[0].hasSuffix(#""attributes":{}}"#))
        #expect(
            try objects(result.stdout).map { $0["id"] as? String } == [
                "MUG-001", "LAMP-014", "SNKR-220", "BAG-310", "WTCH-042", "POT-007",
            ])
    }

    @Test func limitProfileAndStats() async throws {
        let result = try await feed([
            RepositoryPaths.fixture("feeds/shopify-product-template.csv"), "--limit", "2", "--stats",
        ])
        #expect(result.exitCode == 0)
        #expect(try objects(result.stdout).count == 2)
        let stats = try await feed([
            RepositoryPaths.fixture("feeds/gmc-atom-bigcommerce-excerpt.xml"), "--max-invalid", "2", "--stats",
        ])
        #expect(stats.exitCode == 0)
        #expect(stats.stderr.contains("profile: google-merchant"))
        #expect(stats.stderr.contains("products: 2, rejected: 2"))
        #expect(stats.stderr.contains("gmc-atom-bigcommerce-excerpt.xml:59 (item 4): the item has no id (skipped)"))
        #expect(stats.stderr.contains("  product has no image link: 1"))
        let refused = try await feed([RepositoryPaths.fixture("feeds/quickstart.csv"), "--profile", "shopify"])
        #expect(refused.exitCode == 3 && refused.stderr.contains("not a Shopify product CSV"))
    }

    @Test func readsStandardInput() async throws {
        let result = try await feed(["-"], stdin: "id\ttitle\timage_link\nA\tMug\thttps://x.test/a.png\n")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(try objects(result.stdout).first?["title"] as? String == "Mug")
    }

    @Test func readsURLsPlainAndGzippedAndReportsHTTPErrors() async throws {
        let csv = Array(
            try Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.fixture("feeds/gmc-tsv-lakeerie-excerpt.tsv"))))
        let directory = try TemporaryDirectory()
        let plain = try directory.write(csv, to: "feed.tsv")
        let gzip = try await ProcessRunner.run(URL(fileURLWithPath: "/bin/gzip"), ["-k", plain])
        #expect(gzip.exitCode == 0)
        let compressed = Array(try Data(contentsOf: URL(fileURLWithPath: plain + ".gz")))
        let server = try await StaticFileServer.start([
            "/feed.tsv": .init(body: csv),
            "/feed.tsv.gz": .init(body: compressed, contentType: "application/gzip"),
            "/encoded.tsv": .init(body: compressed, contentEncoding: "gzip"),
            "/gone.tsv": .init(body: Array("gone".utf8), status: 404),
        ])
        for path in ["/feed.tsv", "/feed.tsv.gz", "/encoded.tsv"] {
            let result = try await ProcessRunner.run(executable, ["feed", server.baseURL + path])
            #expect(result.exitCode == 0, "\(path): \(result.stderr)")
            #expect(try objects(result.stdout).count == 5, "\(path)")
        }
        let missing = try await ProcessRunner.run(executable, ["feed", server.baseURL + "/gone.tsv"])
        #expect(missing.exitCode == 3 && missing.stderr.contains("HTTP 404"))
        await server.stop()
    }

    @Test func malformedAndHostileFeedsExit3WithAPosition() async throws {
        let malformed = try await feed([RepositoryPaths.fixture("feeds/gmc-rss-airfeel-malformed-excerpt.xml")])
        #expect(malformed.exitCode == 3)
        #expect(
            malformed.stderr.contains(
                "gmc-rss-airfeel-malformed-excerpt.xml:13:92: not well-formed XML: EntityRef: expecting ';'"))
        #expect(malformed.stdout.isEmpty)
    }
}
