import Approval
import CatalogModel
import CatalogTestSupport
import Foundation
import JobStore
import Testing

/// #24: a catalogue larger than the page's limit puts its pending items first, holds only the
/// limit in `review.html` and loads the rest from `review-data/` as the approver goes on, from
/// disk (`<script src>` works from `file://`) and from the review server alike; keys, counts and
/// decisions reach the loaded cards.
struct ReviewPagePagingTests {
    typealias Step = ReviewPageBrowser.Step

    /// The fixture with MUG-1 approved, published two cards to the page and one to a file: the
    /// page holds BAG-3 and LAMP-2 (pending, catalogue order), `pending-0001.js` 急須-4 and
    /// `decided-0001.js` MUG-1.
    static func paged() throws -> (ReviewFixture, ManifestPublisher) {
        let fixture = try ReviewFixture()
        let mug = try #require(fixture.keys.first { $0.productID == "MUG-1" })
        try fixture.store.record([ReviewDecision(key: mug, state: .approved, reviewer: "ana")])
        var publisher = fixture.publisher
        publisher.layout = ReviewPageLayout(embeddedLimit: 2, pageSize: 1)
        return (fixture, publisher)
    }

    @Test func thePageHoldsThePendingItemsFirstAndNamesTheRest() throws {
        let (fixture, publisher) = try Self.paged()
        let publication = try publisher.publish()
        #expect(publication.embeddedOnPage == 2 && publication.dataPages == 2)
        let html = try String(contentsOfFile: fixture.folder + "/review.html", encoding: .utf8)
        #expect(html.components(separatedBy: "<article ").count - 1 == 2)
        #expect(html.contains("data-product=\"BAG-3\"") && html.contains("data-product=\"LAMP-2\""))
        #expect(!html.contains("data-product=\"MUG-1\""))
        #expect(html.contains("4 images of 4 products"))
        #expect(html.contains("<b id=\"count-pending\">3</b>") && html.contains("<b id=\"count-approved\">1</b>"))
        let folder = try #require(publication.dataFolder)
        #expect(html.contains("data-folder=\"\(folder)\" data-pending-pages=\"1\" data-decided-pages=\"1\""))
        let pending = try String(contentsOfFile: "\(fixture.folder)/\(folder)/pending-0001.js", encoding: .utf8)
        #expect(pending.hasPrefix("catalogRefreshReviewPage([\n") && pending.contains("急須-4"))
        let decided = try String(contentsOfFile: "\(fixture.folder)/\(folder)/decided-0001.js", encoding: .utf8)
        #expect(decided.contains("\"productID\":\"MUG-1\"") && decided.contains("\"state\":\"approved\""))
        // Once every item fits again, the data goes.
        try fixture.publisher.publish()
        #expect(!FileManager.default.fileExists(atPath: fixture.folder + "/review-data"))
    }

    /// The same steps from disk and from the server, in a window too small for the loading
    /// line to be near: two cards; `j` past the last loads the next file (the pending item)
    /// and lands on it; "Load more" brings the decided one; the counts stay the catalogue's and
    /// follow a decision on a loaded card.
    static func steps(_ url: String) -> [Step] {
        let count = "document.querySelectorAll('.item').length"
        let counts =
            "({approved: Number(document.getElementById('count-approved').textContent),"
            + " pending: Number(document.getElementById('count-pending').textContent)})"
        return [.viewport(420, 200), .open(url), .wait("\(count) >= 2", "the page"), .snap("open")]
            + Step.keys("jjj")
            + [.wait("document.activeElement.dataset.product === '急須-4'", "the next file"), .snap("loaded")]
            + [.eval("document.getElementById('load-more').click()"), .wait("\(count) === 4", "the last file")]
            + [.snap("all"), .press("a")]
            + [.wait("document.querySelector('[data-product=\"急須-4\"]').dataset.state === 'approved'", "the decision")]
            + [.snap("decided", extra: counts)]
    }

    static func checkSteps(_ snaps: [String: ReviewPageBrowser.Snap]) throws {
        let open = try #require(snaps["open"])
        #expect(open.shown == ["BAG-3", "LAMP-2"])
        #expect(open.position.contains("(2 of 4 loaded"), "\(open.position)")
        let loaded = try #require(snaps["loaded"])
        #expect(loaded.focus == "急須-4" && loaded.shown.prefix(3) == ["BAG-3", "LAMP-2", "急須-4"])
        let all = try #require(snaps["all"])
        #expect(all.cards.map(\.product) == ["BAG-3", "LAMP-2", "急須-4", "MUG-1"], "pending first")
        #expect(all.card("MUG-1")?.state == "approved")
        #expect(!all.position.contains("loaded"), "\(all.position)")
        let decided = try #require(snaps["decided"])
        #expect(decided.card("急須-4")?.state == "approved")
        #expect(decided.extra == ["approved": 2, "pending": 2])
    }

    @Test(.needsChromium)
    func fromDiskThePageLoadsTheRestAsTheApproverGoesOn() async throws {
        let (fixture, publisher) = try Self.paged()
        try publisher.publish()
        let url = ReviewPageBrowser.fileURL(of: fixture)
        try Self.checkSteps(try await ReviewPageBrowser.play(url, Self.steps(url)))
    }

    @Test(.needsChromium)
    func fromTheServerThePageLoadsTheRestAndDecisionsReachTheStore() async throws {
        let (fixture, publisher) = try Self.paged()
        let server = try await RunningReviewServer.start(publisher: publisher, reviewer: "ana")
        do {
            try Self.checkSteps(try await ReviewPageBrowser.play(server.reviewURL, Self.steps(server.reviewURL)))
            let pot = try #require(fixture.keys.first { $0.productID == "急須-4" })
            #expect(try fixture.store.reviews()[pot]?.state == .approved)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
