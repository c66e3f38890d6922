import Approval
import CatalogModel
import Foundation
import JobStore
import Testing

/// #23: what the review page tells the approver, in headless Chromium: status messages that
/// stay on screen, the warning for the server's page opened without its token, the selection
/// cleared after a bulk action, the message for a filter that matches nothing, search, and a
/// reference image that fails to load.
struct ReviewPageStatusTests {
    typealias Step = ReviewPageBrowser.Step

    static func setStateFilter(_ state: String) -> Step {
        .eval(
            "(f => { f.value = '\(state)'; f.dispatchEvent(new Event('change')); })"
                + "(document.getElementById('state-filter'))")
    }

    @Test(.needsChromium)
    func statusMessagesStayOnScreenWhenThePageScrolls() async throws {
        let fixture = try ReviewFixture()
        try fixture.publisher.publish()
        let snaps = try await ReviewPageBrowser.play(
            ReviewPageBrowser.fileURL(of: fixture),
            [.viewport(800, 500), .eval("window.scrollTo(0, document.body.scrollHeight)")]
                + [.click(".bulk[data-state=approved]"), .snap("scrolled")])
        let scrolled = try #require(snaps["scrolled"])
        #expect(scrolled.scrollY > 500, "the page must have scrolled past the toolbar")
        #expect(scrolled.message == "nothing selected" && scrolled.messageIsError)
        #expect(scrolled.statusOnScreen)
    }

    /// A reload of `/` after the tokened URL still gets the page (the token's cookie), but the
    /// page cannot save: it says so and how to fix it, instead of passing for the page on disk.
    @Test(.needsChromium)
    func theServersPageOpenedWithoutItsTokenSaysHowToOpenIt() async throws {
        let fixture = try ReviewFixture()
        let snaps = try await ReviewPageBrowser.served(fixture, reviewer: "ana") { server in
            try await ReviewPageBrowser.play(
                server.reviewURL,
                [.open(server.baseURL + "/"), .snap("tokenless"), .press("j"), .press("a"), .snap("refused")])
        }
        let tokenless = try #require(snaps["tokenless"])
        let warning = try #require(tokenless.warning)
        #expect(warning.contains("opened without its token") && warning.contains("catalog-refresh review"))
        #expect(warning.contains("/?token="))
        #expect(tokenless.warningOnScreen)
        #expect(tokenless.mode.hasPrefix("not connected"), "never `read from disk`: \(tokenless.mode)")
        let refused = try #require(snaps["refused"])
        #expect(refused.messageIsError && refused.message.contains("opened without its token"))
        #expect(try fixture.store.reviews().isEmpty)
    }

    @Test(.needsChromium)
    func aBulkActionClearsTheSelection() async throws {
        let fixture = try ReviewFixture()
        let snaps = try await ReviewPageBrowser.served(fixture, reviewer: "ana") { server in
            try await ReviewPageBrowser.play(
                server.reviewURL,
                [.click("#select-visible"), .snap("selected"), .click(".bulk[data-state=approved]")]
                    + [.wait("document.getElementById('message').textContent === '4 saved'", "4 saved")]
                    + [.snap("approved")])
        }
        #expect(snaps["selected"]?.selectedCount == "4 selected" && snaps["selected"]?.checked == 4)
        let approved = try #require(snaps["approved"])
        #expect(approved.selectedCount == "0 selected" && approved.checked == 0)
        #expect(approved.cards.allSatisfy { $0.state == "approved" })
        #expect(try fixture.store.reviews().values.filter { $0.state == .approved }.count == 4)
    }

    @Test(.needsChromium)
    func aFilterThatMatchesNothingSaysSoAndShowAllBringsEverythingBack() async throws {
        let fixture = try ReviewFixture()
        try fixture.publisher.publish()
        let snaps = try await ReviewPageBrowser.play(
            ReviewPageBrowser.fileURL(of: fixture),
            [Self.setStateFilter("rejected"), .snap("empty"), .click("#show-all"), .snap("all")])
        let empty = try #require(snaps["empty"])
        #expect(empty.shown.isEmpty && empty.empty == "No items match state “rejected”. Show all")
        #expect(empty.position == "0 rejected")
        let all = try #require(snaps["all"])
        #expect(all.shown.count == 4 && all.empty == nil)
    }

    /// Search matches product ids and titles, any case, live as it is typed, and narrows what
    /// the state filter shows.
    @Test(.needsChromium)
    func searchFindsProductIDsAndTitlesTogetherWithTheStateFilter() async throws {
        let fixture = try ReviewFixture()
        try fixture.publisher.publish()
        let snaps = try await ReviewPageBrowser.play(
            ReviewPageBrowser.fileURL(of: fixture),
            [.press("/"), .type("mug-"), .snap("id"), .press("Escape"), .press("/"), .type("日本の"), .snap("title")]
                + [.press("Escape"), .press("a"), Self.setStateFilter("approved"), .snap("approved")]
                + [
                    .press("/"), .type("bag"), .snap("approved bag"), .press("Enter"), .press("/"), .type("lamp"),
                    .snap("approved lamp"),
                ])
        #expect(snaps["id"]?.shown == ["MUG-1"])
        #expect(snaps["title"]?.shown == ["急須-4"])
        let first = try #require(snaps["approved"]?.cards.first?.product)
        #expect(snaps["approved"]?.shown == [first] && first == "BAG-3")
        #expect(snaps["approved bag"]?.shown == ["BAG-3"])
        let none = try #require(snaps["approved lamp"])
        #expect(none.shown.isEmpty)
        #expect(none.empty == "No items match the search “lamp” and state “approved”. Show all")
    }

    /// A remote reference that is gone: a fixed square "reference unavailable" in its column,
    /// the result as wide as on any other card (the alt text of a long URL used to take the row).
    @Test(.needsChromium)
    func aReferenceThatFailsToLoadIsAPlaceholderAndNeverSqueezesTheResult() async throws {
        let fixture = try ReviewFixture()
        var manifest = try fixture.publisher.manifest()
        let link = "https://cdn.example.com/" + String(repeating: "catalog-images-2026-spring/", count: 8) + "mug.jpg"
        manifest.items[0].references = [.init(link: link, preview: "references/gone-since-the-run.jpg")]
        try ReviewPage.render(manifest).write(
            toFile: fixture.folder + "/review.html", atomically: true, encoding: .utf8)
        let measure = """
            (() => {
              const [card, other] = document.querySelectorAll('.item');
              const box = element => element.getBoundingClientRect();
              const reference = card.querySelector('.reference') || card.querySelector('.pair figure');
              return {failed: reference.classList.contains('failed') ? 1 : 0,
                      referenceWidth: box(reference).width, referenceHeight: box(reference).height,
                      result: box(card.querySelector('img[width]')).width,
                      otherResult: box(other.querySelector('img[width]')).width};
            })()
            """
        let snaps = try await ReviewPageBrowser.play(
            ReviewPageBrowser.fileURL(of: fixture),
            [
                .wait("[...document.images].every(image => image.complete)", "the images to load or fail"),
                .snap("failed", extra: measure),
            ])
        let sizes = try #require(snaps["failed"]?.extra)
        #expect(sizes["failed"] == 1)
        let (result, otherResult) = (try #require(sizes["result"]), try #require(sizes["otherResult"]))
        #expect(
            abs(result - otherResult) < 1,
            "result \(result) px against \(otherResult) px on a card whose reference loads")
        let (width, height) = (try #require(sizes["referenceWidth"]), try #require(sizes["referenceHeight"]))
        #expect(width > 0 && abs(width - height) < 1 && width < result)
    }
}
