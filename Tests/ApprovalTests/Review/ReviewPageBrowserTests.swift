import Approval
import AssetStorage
import CatalogModel
import CatalogTestSupport
import Foundation
import JobStore
import Testing

/// The review page in a real browser: headless Chromium (installed from Debian's packages by
/// `.ci/run`), driven by `scripts/check-review-page.py` over the DevTools pipe. Skipped, saying
/// so, where Chromium or Python is missing.
struct ReviewPageBrowserTests {
    static let chromium = ["chromium", "chromium-browser"].lazy.compactMap(Self.which).first
    static let python = Self.which("python3")

    static func which(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    struct Report: Decodable {
        struct Approved: Decodable {
            var product: String
            var variant: String
            var state: String
            var message: String
        }

        var total: Int
        var loaded: Int
        var broken: [String]
        var items: Int
        var mode: String
        var approved: Approved?
        var compliance: [ItemCompliance]
        var screenshot: String?
    }

    struct ItemCompliance: Decodable {
        struct Line: Decodable {
            var channel: String
            var result: String
            var text: String
            var visible: Bool
        }

        var product: String
        var lines: [Line]
    }

    @Test(
        .enabled(
            if: chromium != nil && python != nil,
            "headless Chromium or python3 is not installed: `apt-get install chromium` (.ci/run installs it) to run this check"
        ))
    func thePageLoadsEveryImageAndAnApproveClickIsStored() async throws {
        let fixture = try ReviewFixture()
        let server = try await RunningReviewServer.start(publisher: fixture.publisher, reviewer: "browser")
        let result = try await ProcessRunner.run(
            URL(fileURLWithPath: try #require(Self.python)),
            [
                RepositoryPaths.root.appendingPathComponent("scripts/check-review-page.py").path, server.reviewURL,
                "--chromium", try #require(Self.chromium), "--approve-first",
            ])
        await server.stop()
        #expect(result.exitCode == 0, "\(result.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        // Four results and four references, every one decoded by the browser.
        #expect(report.items == 4)
        #expect(report.total == 8 && report.loaded == 8, "broken: \(report.broken)")
        #expect(report.mode.hasPrefix("connected"))
        let approved = try #require(report.approved)
        #expect(approved.state == "approved" && approved.message == "1 saved")
        // The click reached the store.
        let key = try #require(fixture.keys.first { $0.productID == approved.product })
        #expect(try fixture.store.reviews()[key]?.state == .approved)
        #expect(try fixture.store.reviews()[key]?.reviewer == "browser")
        #expect(try fixture.store.reviews().count == 1)
    }

    @Test(
        .enabled(
            if: chromium != nil && python != nil,
            "headless Chromium or python3 is not installed: `apt-get install chromium` (.ci/run installs it) to run this check"
        ))
    func theFileOpenedFromDiskLoadsItsImagesAndKeepsDecisionsInTheBrowser() async throws {
        let fixture = try ReviewFixture()
        try fixture.publisher.publish()
        let page = URL(fileURLWithPath: fixture.folder).appendingPathComponent("review.html").absoluteString
        let result = try await ProcessRunner.run(
            URL(fileURLWithPath: try #require(Self.python)),
            [
                RepositoryPaths.root.appendingPathComponent("scripts/check-review-page.py").path, page,
                "--chromium", try #require(Self.chromium), "--approve-first",
            ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        #expect(report.total == 8 && report.loaded == 8, "broken: \(report.broken)")
        #expect(report.mode.hasPrefix("read from disk"))
        #expect(report.approved?.state == "approved")
        #expect(report.approved?.message.contains("download them") == true)
        // Nothing reaches the store without the server.
        #expect(try fixture.store.reviews().isEmpty)
    }

    /// #21 item 2: each image shows its compliance for the channels the spec exports to, with
    /// the measured values, before anyone approves it; read from the page Chromium rendered,
    /// with a screenshot of it.
    @Test(
        .enabled(
            if: chromium != nil && python != nil,
            "headless Chromium or python3 is not installed: `apt-get install chromium` (.ci/run installs it) to run this check"
        ))
    func eachImageShowsItsComplianceForTheSpecsChannels() async throws {
        let white = TestPNG.productShot(width: 1600, height: 1600, background: (255, 255, 255), fill: 0.9)
        let offWhite = TestPNG.productShot(width: 1600, height: 1600, background: (0xF5, 0xF5, 0xF5), fill: 0.9)
        let fixture = try ReviewFixture(
            images: ["MUG-1": white, "LAMP-2": offWhite],
            compliance: ComplianceChannels(
                amazon: true, merchantCenter: true, shopify: false, amazonMain: ["background": "marble"]))
        try fixture.publisher.publish()
        let page = URL(fileURLWithPath: fixture.folder).appendingPathComponent("review.html").absoluteString
        let screenshot = fixture.directory.url("review.png").path
        let result = try await ProcessRunner.run(
            URL(fileURLWithPath: try #require(Self.python)),
            [
                RepositoryPaths.root.appendingPathComponent("scripts/check-review-page.py").path, page,
                "--chromium", try #require(Self.chromium), "--screenshot", screenshot,
            ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        let byProduct = Dictionary(uniqueKeysWithValues: report.compliance.map { ($0.product, $0.lines) })
        let mug = try #require(byProduct["MUG-1"])
        #expect(mug.map(\.channel) == ["amazon_main", "merchant_center"], "no Shopify: the spec does not export there")
        #expect(mug.allSatisfy { $0.visible })
        #expect(mug[0].result == "pass" && mug[0].text == "Amazon MAIN ✓ passes")
        // No public base URL: Merchant Center cannot fetch it, and the page says so up front.
        #expect(mug[1].result == "fail" && mug[1].text.contains("fetches images by URL and this one has none"))
        let lamp = try #require(byProduct["LAMP-2"])
        #expect(lamp[0].result == "fail")
        #expect(lamp[0].text.hasPrefix("Amazon MAIN ✗ background 0.0% pure white (it is #F5F5F5"), "\(lamp[0].text)")
        // The 384 px photos are too small for Amazon, and their measured values are shown.
        let bag = try #require(byProduct["BAG-3"])
        #expect(bag[0].text.contains("384×384 px is below Amazon's minimum of 1000 px on the long edge"))
        let shot = try #require(ImageSniffer.sniff(Array(try Data(contentsOf: URL(fileURLWithPath: screenshot)))))
        #expect(shot.format == .png && shot.width == 1400)
    }
}
