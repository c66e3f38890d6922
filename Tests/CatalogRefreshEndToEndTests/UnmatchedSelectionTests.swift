import Testing

@testable import catalog_refresh

/// #23: a selection that names nothing lists what there is, the first ten of a long list, and
/// says where the rest are: `manifest.csv`, not `catalog-refresh manifest` (which prints counts).
struct UnmatchedSelectionTests {
    @Test func aLongListShowsTheFirstTenAndPointsAtManifestCSV() {
        let known = (1...25).map { "SKU-\($0)" }
        let text = UnmatchedSelection.products(["XYZ"], known: known).description
        #expect(
            text.hasPrefix(
                "--product XYZ: no generated image for product `XYZ` (the manifest's 25 products are "
                    + known.prefix(10).joined(separator: ", ") + " … and 15 more; manifest.csv lists them all)"),
            "\(text)")
        #expect(!text.contains("SKU-11"), "only the first ten are listed: \(text)")
    }

    @Test func aShortListIsListedWhole() {
        let text = UnmatchedSelection.axis("bg", option: "bg=cabin", known: ["background", "season"]).description
        #expect(
            text.hasPrefix(
                "--variant bg=cabin: the manifest has no variant axis `bg` (its variant axes are background, season)"),
            "\(text)")
        #expect(!text.contains("more;"), "\(text)")
    }
}
