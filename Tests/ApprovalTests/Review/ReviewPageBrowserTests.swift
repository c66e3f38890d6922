import Approval
import AssetStorage
import CatalogModel
import CatalogTestSupport
import Foundation
import JobStore
import Testing

/// The review page in a real browser: headless Chromium (installed from Debian's packages by
/// `.ci/run`), driven by `scripts/check-review-page.py` over the DevTools pipe
/// (`ReviewPageBrowser`). Skipped, saying so, where Chromium or Python is missing.
struct ReviewPageBrowserTests {
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

    @Test(.needsChromium)
    func thePageLoadsEveryImageAndAnApproveClickIsStored() async throws {
        let fixture = try ReviewFixture()
        let report = try await ReviewPageBrowser.served(fixture, reviewer: "browser") { server in
            try await ReviewPageBrowser.check(server.reviewURL, ["--approve-first"], as: Report.self)
        }
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

    @Test(.needsChromium)
    func theFileOpenedFromDiskLoadsItsImagesAndKeepsDecisionsInTheBrowser() async throws {
        let fixture = try ReviewFixture()
        try fixture.publisher.publish()
        let report = try await ReviewPageBrowser.check(
            ReviewPageBrowser.fileURL(of: fixture), ["--approve-first"], as: Report.self)
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
    @Test(.needsChromium)
    func eachImageShowsItsComplianceForTheSpecsChannels() async throws {
        let white = TestPNG.productShot(width: 1600, height: 1600, background: (255, 255, 255), fill: 0.9)
        let offWhite = TestPNG.productShot(width: 1600, height: 1600, background: (0xF5, 0xF5, 0xF5), fill: 0.9)
        let fixture = try ReviewFixture(
            images: ["MUG-1": white, "LAMP-2": offWhite],
            compliance: ComplianceChannels(
                amazon: true, merchantCenter: true, shopify: false, amazonMain: ["background": "marble"]))
        try fixture.publisher.publish()
        let screenshot = fixture.directory.url("review.png").path
        let report = try await ReviewPageBrowser.check(
            ReviewPageBrowser.fileURL(of: fixture), ["--screenshot", screenshot], as: Report.self)
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
