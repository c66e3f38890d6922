import Approval
import CatalogModel
import CatalogTestSupport
import Foundation
import Testing

/// #23: a page of 5,000 items opens, answers the keyboard, and loads only the images on
/// screen (`loading="lazy"`), in headless Chromium on a real file of that size.
@Suite(.offThePool)
struct ReviewPagePerformanceTests {
    struct Opened: Decodable {
        struct Images: Decodable {
            var total: Int
            var loaded: Int
            var visible: Int
        }

        var readyMs: Double
        var loadMs: Double
        var interactiveMs: Double
        var images: Images
    }

    /// The fixture's first item 5,000 times, each with its own result and reference file (so
    /// no image is served from the cache of another), written as `review.html`.
    static func fiveThousandItems(in fixture: ReviewFixture) throws -> String {
        var manifest = try fixture.publisher.manifest()
        let template = try #require(manifest.items.first)
        let png = TestPNG.encode(width: 16, height: 16, color: (200, 180, 160))
        manifest.items = try (0..<5000).map { index in
            var item = template
            item.productID = "P-\(index)"
            item.productTitle = "Product \(index)"
            item.path = "images/many/\(index).png"
            item.references = [.init(link: "ref-\(index).png", preview: "references/many/\(index).png")]
            for path in [item.path, item.references[0].preview] {
                try fixture.directory.write(png, to: "out/\(path)")
            }
            return item
        }
        try ReviewPage.render(manifest).write(
            toFile: fixture.folder + "/review.html", atomically: true, encoding: .utf8)
        return ReviewPageBrowser.fileURL(of: fixture)
    }

    /// What the page does, not how fast: a time bound would fail on a busy machine. The times
    /// are printed, and stated in BENCHMARKS.md ("The review page at 5,000 items"): on this
    /// 2-core VM, alone, the page was ready 0.70–0.72 s after navigation and `j` answered at
    /// 1.11–1.12 s (1.07 s and 1.85 s beside other tests); 30 of its 10,000 images loaded, 12
    /// on screen. Chromium loads lazy images a little ahead of the window, so "only the images
    /// on screen" is at most a few times those on screen, never thousands.
    @Test(.needsChromium)
    func aPageOfFiveThousandItemsOpensQuicklyAndLoadsOnlyTheImagesOnScreen() async throws {
        let fixture = try ReviewFixture()
        let page = try Self.fiveThousandItems(in: fixture)
        let opened = try await ReviewPageBrowser.check(page, ["--measure-open"], as: Opened.self)
        print(
            "review page, 5,000 items: ready \(Int(opened.readyMs)) ms, j answered at \(Int(opened.interactiveMs)) ms, "
                + "\(opened.images.loaded) of \(opened.images.total) images loaded, \(opened.images.visible) on screen")
        #expect(opened.images.total == 10_000)
        // The page's script marked itself ready, and `j` focused the first card.
        #expect(opened.readyMs > 0 && opened.interactiveMs >= opened.readyMs)
        #expect(opened.images.visible > 0)
        #expect(
            opened.images.loaded <= 4 * opened.images.visible,
            "\(opened.images.loaded) images loaded with \(opened.images.visible) on screen")
    }
}
