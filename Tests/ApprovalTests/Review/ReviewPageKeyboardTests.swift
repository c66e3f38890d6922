import Approval
import CatalogModel
import Foundation
import JobStore
import Testing

/// #23: an approver goes through the page with the keyboard alone and never loses their place:
/// `n` opens the card's note, Enter saves it and Esc cancels it, both back on the card, and
/// `j`/`k`/`a`/`r` carry on from there. Keys are real key events in headless Chromium.
struct ReviewPageKeyboardTests {
    typealias Step = ReviewPageBrowser.Step

    static func clearStatus() -> Step { .eval("document.getElementById('message').textContent = ''") }

    static func waitForSave(_ card: Int, _ state: String) -> Step {
        .wait(
            "document.querySelectorAll('.item')[\(card)].dataset.state === '\(state)'"
                + " && document.getElementById('message').textContent === '1 saved'",
            "card \(card + 1) to be saved as \(state)")
    }

    /// Read from disk, where every decision is made at once in the browser: Esc leaves the note
    /// as it was and `r`/`k` work from the card; Enter on a decided card saves the note with its
    /// decision, on a pending card keeps it for the `a` that follows.
    @Test(.needsChromium)
    func theNoteOpensWithNAndEnterOrEscReturnToTheCard() async throws {
        let fixture = try ReviewFixture()
        try fixture.publisher.publish()
        let kept = """
            Object.values(JSON.parse(localStorage.getItem(Object.keys(localStorage)[0]) || '{}'))
              .reduce((found, d) => (found[d.state + ':' + (d.note || '')] = 1, found), {})
            """
        let snaps = try await ReviewPageBrowser.play(
            ReviewPageBrowser.fileURL(of: fixture),
            Step.keys("jj") + [.snap("start"), .press("n"), .snap("note open"), .type("oops"), .press("Escape")]
                + [.snap("cancelled"), .press("r"), .snap("rejected"), .press("k"), .snap("back")]
                + [.press("n"), .type("too dark"), .press("Enter"), .snap("noted", extra: kept)]
                + [.press("j"), .press("n"), .type("crop"), .press("Enter"), .snap("draft")]
                + [.press("a"), .snap("approved", extra: kept)])
        let order = try #require(snaps["start"]).cards.map(\.product)
        #expect(snaps["start"]?.focus == order[1])
        #expect(snaps["note open"]?.inNote == true && snaps["note open"]?.focus == order[1])
        // Esc: back on the card, the note as it was.
        let cancelled = try #require(snaps["cancelled"])
        #expect(cancelled.focus == order[1] && !cancelled.inNote, "\(cancelled.focus)")
        #expect(cancelled.card(order[1])?.note == "")
        // `r` works from there, rejects that card and moves on; `k` comes back to it, not to the top.
        #expect(snaps["rejected"]?.card(order[1])?.state == "rejected")
        #expect(snaps["rejected"]?.focus == order[2])
        #expect(snaps["back"]?.focus == order[1])
        // Enter on the rejected card: the note saved with its rejection, focus still on the card.
        let noted = try #require(snaps["noted"])
        #expect(noted.focus == order[1] && !noted.inNote)
        #expect(noted.card(order[1]) == .init(product: order[1], state: "rejected", note: "too dark"))
        #expect(noted.extra?["rejected:too dark"] == 1, "\(noted.extra ?? [:])")
        // Enter on a pending card keeps the note for the decision to come, and says so.
        let draft = try #require(snaps["draft"])
        #expect(draft.focus == order[2] && draft.card(order[2])?.state == "pending")
        #expect(draft.message.hasPrefix("note kept"))
        let approved = try #require(snaps["approved"])
        #expect(approved.card(order[2]) == .init(product: order[2], state: "approved", note: "crop"))
        #expect(approved.focus == order[3])
        #expect(approved.extra?["approved:crop"] == 1, "\(approved.extra ?? [:])")
    }

    /// The acceptance check of #23: filter by state to empty and back, approve, reject with a
    /// note typed via `n` + Enter, next, search to empty and back, with the keyboard only against
    /// the review server; the store then holds exactly those two decisions.
    @Test(.needsChromium)
    func anApproverWorksThroughThePageByKeyboardAloneAndTheStoreHoldsExactlyTheirDecisions() async throws {
        let fixture = try ReviewFixture()
        let snaps = try await ReviewPageBrowser.served(fixture, reviewer: "ana") { server in
            try await ReviewPageBrowser.play(
                server.reviewURL,
                [.press("f"), .snap("pending"), .press("f"), .snap("none approved"), .press("Enter")]
                    + [.snap("first"), Self.clearStatus(), .press("a"), Self.waitForSave(0, "approved")]
                    + [.snap("approved"), Self.clearStatus(), .press("r"), Self.waitForSave(1, "rejected")]
                    + [.snap("rejected"), .press("k"), .press("n"), .type("logo cut off"), Self.clearStatus()]
                    + [.press("Enter"), Self.waitForSave(1, "rejected"), .snap("noted"), .press("j"), .snap("next")]
                    + [.press("/"), .type("急須"), .snap("searching"), .press("Enter"), .snap("found")]
                    + [.press("/"), .type("no such thing"), .snap("empty"), .press("Escape"), .snap("back")]
                    + [.press("k"), .snap("still in place")])
        }
        let order = try #require(snaps["first"]).cards.map(\.product)
        // `f` filters by state: every item is pending, none approved ("Show all" then holds focus
        // and Enter on it brings every item back, the first card focused).
        let pending = try #require(snaps["pending"])
        #expect(pending.shown == order && pending.focus == order[0] && pending.position == "1 of 4 pending")
        let noneApproved = try #require(snaps["none approved"])
        #expect(noneApproved.shown.isEmpty && noneApproved.focus == "button#show-all")
        #expect(noneApproved.empty == "No items match state “approved”. Show all")
        #expect(snaps["first"]?.empty == nil && snaps["first"]?.shown == order)
        #expect(snaps["first"]?.focus == order[0] && snaps["first"]?.position == "1 of 4 images")
        #expect(snaps["approved"]?.focus == order[1] && snaps["approved"]?.position == "2 of 4 images")
        #expect(snaps["rejected"]?.focus == order[2])
        let noted = try #require(snaps["noted"])
        #expect(noted.focus == order[1] && !noted.inNote && noted.position == "2 of 4 images")
        #expect(noted.card(order[1]) == .init(product: order[1], state: "rejected", note: "logo cut off"))
        #expect(snaps["next"]?.focus == order[2] && snaps["next"]?.position == "3 of 4 images")
        #expect(snaps["searching"]?.shown == ["急須-4"] && snaps["searching"]?.focus == "input#search")
        #expect(snaps["found"]?.focus == "急須-4" && snaps["found"]?.position == "1 of 1 image")
        let empty = try #require(snaps["empty"])
        #expect(empty.shown.isEmpty)
        #expect(empty.empty == "No items match the search “no such thing”. Show all")
        let back = try #require(snaps["back"])
        #expect(back.shown == order && back.empty == nil && back.focus == "急須-4")
        #expect(snaps["still in place"]?.focus == order[2])
        // The store holds exactly what was decided, with the note, by the page's reviewer.
        let reviews = try fixture.store.reviews()
        #expect(reviews.count == 2)
        let first = try #require(fixture.keys.first { $0.productID == order[0] })
        let second = try #require(fixture.keys.first { $0.productID == order[1] })
        #expect(reviews[first]?.state == .approved && reviews[first]?.note == nil)
        #expect(reviews[second]?.state == .rejected && reviews[second]?.note == "logo cut off")
        #expect(reviews[second]?.reviewer == "ana")
    }
}
