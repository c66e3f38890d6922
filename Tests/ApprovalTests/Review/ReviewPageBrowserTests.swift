import Approval
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
    }

    @Test(
        .enabled(
            if: chromium != nil && python != nil,
            "headless Chromium or python3 is not installed: `apt-get install chromium` (.ci/run installs it) to run this check"
        ))
    func thePageLoadsEveryImageAndAnApproveClickIsStored() async throws {
        let fixture = try ReviewFixture()
        let server = try await RunningReviewServer.start(publisher: fixture.publisher, reviewer: "browser")
        let result = try await ProcessRunner.runDetached(
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
        let result = try await ProcessRunner.runDetached(
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
}
