import AssetStorage
import CatalogModel
import CatalogTestSupport
import EvoLinkSimulator
import Foundation
import Testing

/// #21: `pipelines/marketplace-white.yml`, the worked example, as a merchant runs it: every
/// export succeeds from the example as written; Amazon's MAIN is the white variant and passes
/// on pixels; Merchant Center gets the scenes as lifestyle images; Shopify keeps the listing's
/// own photos first, under the feed's handles. With the simulator's off-white fault the MAIN
/// images are held back with the measured value, `--check` writes nothing, and `conform_main`
/// fixes them.
@Suite(.serialized)
struct MarketplaceExportEndToEndTests {
    let spec = RepositoryPaths.pipelines.appendingPathComponent("marketplace-white.yml").path
    static let products = ["BAG-310", "LAMP-014", "MUG-001", "POT-007", "SNKR-220", "WTCH-042"]

    func run(
        _ arguments: [String], output: URL, server: RunningSimulator? = nil
    ) async throws -> ProcessResult {
        let target = server.map { ["--api-base-url", $0.baseURL, "--server-time-scale", "0.002"] } ?? []
        return try await ProcessRunner.run(
            RepositoryPaths.executable, arguments + ["--output", output.path] + (arguments[0] == "run" ? target : []),
            environment: server == nil ? ProcessInfo.processInfo.environment : TestServer.environment)
    }

    func generateAndApprove(_ output: URL, server: RunningSimulator? = nil) async throws {
        let generated = try await run(["run", spec], output: output, server: server)
        #expect(generated.exitCode == 0, "\(generated.stderr.suffix(800))")
        let approved = try await run(["approve", spec, "--all-pending"], output: output)
        #expect(approved.exitCode == 0, "\(approved.stderr)")
    }

    @Test func everyExportRunsFromTheExampleAsWritten() async throws {
        let directory = try TemporaryDirectory()
        let output = directory.url("out")
        try await generateAndApprove(output)
        let exports = output.appendingPathComponent("exports")

        let amazon = try await run(["export", spec, "--format", "amazon"], output: output)
        #expect(amazon.exitCode == 0, "\(amazon.stdout)\(amazon.stderr)")
        let folder = try FileManager.default.contentsOfDirectory(
            atPath: exports.appendingPathComponent("amazon-images").path)
        #expect(folder.sorted() == Self.products.flatMap { ["\($0).MAIN.jpg", "\($0).PT01.jpg"] }.sorted())
        for name in folder {
            let file = exports.appendingPathComponent("amazon-images/\(name)").path
            let tags = try await ExifTool.read(["XMP-iptcExt:DigitalSourceType"], in: file)
            #expect(tags["XMP-iptcExt:DigitalSourceType"] == AIDisclosure.digitalSourceType, "\(name)")
        }
        // 1,024 px passes Amazon's minimum and is short of its zoom size: a warning, not a hold.
        #expect(amazon.stdout.contains("1024×1024 px: Amazon's zoom needs 1600 px on the long edge"))

        let merchant = try await run(["export", spec, "--format", "merchant-center"], output: output)
        #expect(merchant.exitCode == 0, "\(merchant.stdout)\(merchant.stderr)")
        let tsv = try String(
            contentsOf: exports.appendingPathComponent("merchant-center-supplemental.tsv"), encoding: .utf8)
        let rows = tsv.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.first == ["id", "lifestyle_image_link"])
        #expect(rows.dropFirst().map { $0[0] } == Self.products)
        #expect(
            rows.dropFirst().allSatisfy {
                $0[1] == "https://cdn.example.com/marketplace-white/images/\($0[0])/kitchen.png"
            }, "\(rows)")

        let shopify = try await run(["export", spec, "--format", "shopify"], output: output)
        #expect(shopify.exitCode == 0, "\(shopify.stdout)\(shopify.stderr)")
        #expect(!shopify.stderr.contains("exports.shopify.handle is not set"))
        let csv = try String(contentsOf: exports.appendingPathComponent("shopify-images.csv"), encoding: .utf8)
        let mug = csv.split(separator: "\r\n").filter { $0.hasPrefix("stoneware-coffee-mug,") }
        let own = ["side", "handle-detail", "in-hand"].map {
            "https://shop.example.com/products/stoneware-coffee-mug-\($0).jpg"
        }
        let generated = ["kitchen", "white"].map {
            "https://cdn.example.com/marketplace-white/images/MUG-001/\($0).png"
        }
        #expect(mug.count == 5)
        for (index, line) in mug.enumerated() {
            #expect(line.contains(",\((own + generated)[index]),\(index + 1),"), "\(line)")
        }
        #expect(mug.last?.hasSuffix(",\"Stoneware Coffee Mug, 12 oz, white background\"") == true)
    }

    @Test func offWhiteMainImagesAreHeldBackCheckedAndConformed() async throws {
        var faults = SimulatorFaults()
        faults.offWhite = 1
        let simulator = try await RunningSimulator.start(
            configuration: SimulatorConfiguration(timeScale: 0.002, faults: faults))
        let directory = try TemporaryDirectory()
        let output = directory.url("out")
        try await generateAndApprove(output, server: simulator)
        await simulator.stop()
        let exports = output.appendingPathComponent("exports")

        let check = try await run(["export", spec, "--format", "amazon", "--check"], output: output)
        #expect(check.exitCode == 4)
        #expect(check.stdout.hasPrefix("check only, nothing written: 6 of 12 approved images would go out"))
        let held = check.stdout.split(separator: "\n").filter { $0.contains("violation: ") }
        #expect(held.count == 6)
        #expect(
            held.allSatisfy {
                $0.contains("[background=white]") && $0.contains("background 0.0% pure white (it is #F5F5F5")
            })
        #expect(!FileManager.default.fileExists(atPath: exports.path), "--check writes nothing")

        let strict = try await run(["export", spec, "--format", "amazon"], output: output)
        #expect(strict.exitCode == 4)
        let folder = exports.appendingPathComponent("amazon-images").path
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).allSatisfy { $0.hasSuffix(".PT01.jpg") })

        // A copy of the spec outside the repository (other tests read every spec in pipelines/).
        let conforming = directory.url("marketplace-conform.yml")
        try String(contentsOfFile: spec, encoding: .utf8)
            .replacingOccurrences(of: "conform_main: false", with: "conform_main: true")
            .replacingOccurrences(
                of: "../fixtures/feeds/marketplace.csv", with: RepositoryPaths.fixture("feeds/marketplace.csv")
            )
            .write(to: conforming, atomically: true, encoding: .utf8)
        let conformed = try await ProcessRunner.run(
            RepositoryPaths.executable,
            ["export", conforming.path, "--format", "amazon", "--output", output.path])
        #expect(conformed.exitCode == 0, "\(conformed.stdout)")
        let mains = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".MAIN.jpg") }
        #expect(mains.count == 6)
        for name in mains {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent(name)))
            let info = try #require(ImageSniffer.sniff(bytes))
            #expect(info.width == 1024 && info.height == 1024, "\(name): 88% fill already; only the colour changed")
            let tags = try await ExifTool.read(["XMP-iptcExt:DigitalSourceType"], in: folder + "/" + name)
            #expect(tags["XMP-iptcExt:DigitalSourceType"] == AIDisclosure.digitalSourceType, "\(name)")
        }
    }

    /// The listing is the feed's as of the last run, even for products whose images did not
    /// change: a photo the merchant added to the primary feed is kept by the next export, and a
    /// nightly run that regenerates nothing still records it.
    @Test func exportsFollowTheFeedsOwnImagesWithoutRegenerating() async throws {
        let directory = try TemporaryDirectory()
        let output = directory.url("out")
        try await generateAndApprove(output)
        let feed = try String(contentsOfFile: RepositoryPaths.fixture("feeds/marketplace.csv"), encoding: .utf8)
        let added = "https://shop.example.com/products/trail-daypack-20l-back.jpg"
        let changed = feed.replacingOccurrences(
            of: "../images/backpack.png,,", with: "../images/backpack.png,\(added),")
        #expect(changed != feed)
        // Beside a copy of the images, so its links (part of each job's fingerprint) read the same.
        let copy = try Self.copyOfFixtures(in: directory).appendingPathComponent("feeds/marketplace.csv").path
        try changed.write(toFile: copy, atomically: true, encoding: .utf8)
        let rerun = try await run(["run", spec, "--feed", copy], output: output)
        #expect(rerun.exitCode == 0, "\(rerun.stderr.suffix(500))")
        #expect(rerun.stdout.contains("0 new, 0 changed, 12 unchanged"), "\(rerun.stdout)")
        let exported = try await run(
            ["export", spec, "--format", "merchant-center", "--merchant-attribute", "additional_image_link"],
            output: output)
        #expect(exported.exitCode == 0, "\(exported.stdout)")
        let tsv = try String(
            contentsOf: output.appendingPathComponent("exports/merchant-center-supplemental.tsv"), encoding: .utf8)
        let bag = try #require(tsv.split(separator: "\n").first { $0.hasPrefix("BAG-310\t") })
        #expect(bag.split(separator: "\t").last?.split(separator: ",").first.map(String.init) == added, "\(bag)")
    }

    /// A Shopify product export as the feed: its Handles are the products' ids, so the Shopify
    /// export updates those products (no warning), listing each one's own photos (the web
    /// `Image Src` rows, in `Image Position` order) before the generated images.
    @Test func aShopifyFeedsHandlesAndImagesAreKept() async throws {
        let directory = try TemporaryDirectory()
        let fixtures = try Self.copyOfFixtures(in: directory)
        let feed = fixtures.appendingPathComponent("feeds/shopify.csv").path
        let spec = fixtures.appendingPathComponent("pipelines/shopify-feed.yml").path
        try """
        Handle,Title,Vendor,Image Src,Image Position,Image Alt Text
        classic-mug,Classic Mug,Hearth,../images/mug.png,1,front
        classic-mug,,,https://cdn.shopify.com/s/files/mug-side.jpg,3,side
        classic-mug,,,https://cdn.shopify.com/s/files/mug-top.jpg,2,top
        desk-lamp,Desk Lamp,Lumen,../images/desk-lamp.png,1,lamp

        """.write(toFile: feed, atomically: true, encoding: .utf8)
        try """
        version: 1
        name: shopify-feed
        feed: { source: ../feeds/shopify.csv, profile: shopify }
        variants:
          background:
            - { id: marble, text: on marble }
        prompt: "{{title}} {{background.text}}"
        image: { model: gpt-image-2, size: 1024x1024, quality: low }
        limits: { concurrency: 2, requests_per_minute: 600, budget_usd: 1 }
        output: { folder: ../out/shopify-feed, public_base_url: "https://cdn.example.com/gen" }

        """.write(toFile: spec, atomically: true, encoding: .utf8)
        let output = directory.url("out").path
        for arguments in [["run", spec], ["approve", spec, "--all-pending"]] {
            let result = try await ProcessRunner.run(
                RepositoryPaths.executable, arguments + ["--output", output])
            #expect(result.exitCode == 0, "\(result.stderr.suffix(500))")
        }
        let exported = try await ProcessRunner.run(
            RepositoryPaths.executable, ["export", spec, "--format", "shopify", "--output", output])
        #expect(exported.exitCode == 0, "\(exported.stdout)")
        #expect(!exported.stderr.contains("no Shopify handle"), "\(exported.stderr)")
        let csv = try String(contentsOfFile: output + "/exports/shopify-images.csv", encoding: .utf8)
        let rows = csv.split(separator: "\r\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(
            rows.map { $0.count > 3 ? [$0[0], $0[2], $0[3]] : $0 } == [
                ["classic-mug", "https://cdn.shopify.com/s/files/mug-top.jpg", "1"],
                ["classic-mug", "https://cdn.shopify.com/s/files/mug-side.jpg", "2"],
                ["classic-mug", "https://cdn.example.com/gen/images/classic-mug/marble.png", "3"],
                ["desk-lamp", "https://cdn.example.com/gen/images/desk-lamp/marble.png", "1"],
            ], "\(csv)")
    }

    /// `images/`, `feeds/` and `pipelines/` under `directory`, the fixture images copied, so
    /// feeds written there use the fixtures' relative links without writing into the repository.
    static func copyOfFixtures(in directory: TemporaryDirectory) throws -> URL {
        let root = directory.url("fixtures")
        for folder in ["feeds", "pipelines"] {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: RepositoryPaths.fixture("images")), to: root.appendingPathComponent("images"))
        return root
    }
}
