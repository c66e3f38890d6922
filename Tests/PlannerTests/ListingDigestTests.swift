import CatalogModel
import Testing

/// The listing digest a nightly run compares instead of the listing: every field counts, and it
/// is stable across processes (it is stored).
struct ListingDigestTests {
    let listing = Listing(
        handle: "mug", imageLink: "https://x.test/a.png", additionalImageLinks: ["https://x.test/b.png"],
        lifestyleImageLinks: ["https://x.test/c.png"], altText: "A mug", isApparel: false)

    @Test func everyFieldMovesTheDigest() {
        var variants: [Listing] = []
        for change in 0..<8 {
            var changed = listing
            switch change {
            case 0: changed.handle = nil
            case 1: changed.imageLink = "https://x.test/z.png"
            case 2: changed.additionalImageLinks = []
            case 3: changed.lifestyleImageLinks.append("https://x.test/d.png")
            case 4: changed.altText = nil
            case 5: changed.altText = ""
            case 6: changed.isApparel = true
            default:
                // The same strings split differently between fields.
                changed.additionalImageLinks = ["https://x.test/b.png", "https://x.test/c.png"]
                changed.lifestyleImageLinks = []
            }
            variants.append(changed)
        }
        let digests = Set(([listing] + variants).map(\.digest))
        #expect(digests.count == variants.count + 1)
    }

    @Test func theDigestIsStableAcrossRuns() {
        // Stored in the state file: a change here makes every nightly run rewrite every listing.
        #expect(Listing().digest == Listing().digest)
        #expect(listing.digest == -2_862_669_260_248_757_914)
    }
}
