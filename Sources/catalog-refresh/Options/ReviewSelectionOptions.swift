import Approval
import ArgumentParser
import Foundation

/// Which manifest items `approve` and `reject` decide on.
struct ReviewSelectionOptions: ParsableArguments {
    @Option(name: .customLong("product"), help: ArgumentHelp("A product id (repeat for several).", valueName: "id"))
    var products: [String] = []

    @Option(
        name: .customLong("variant"),
        help: ArgumentHelp(
            "Only this variant option, as AXIS=ID (repeat to require several).", valueName: "axis=id"))
    var variants: [String] = []

    @Flag(help: "Every item still pending (with --product or --variant: those of them still pending).")
    var allPending = false

    @Option(help: "A note kept with the decision.")
    var note: String?

    @OptionGroup var reviewer: ReviewerOption

    var isEmpty: Bool { products.isEmpty && variants.isEmpty && !allPending }

    func validate() throws {
        for variant in variants where variant.split(separator: "=", maxSplits: 1).count != 2 {
            throw ValidationError("--variant \(variant): expected AXIS=ID, for example background=marble")
        }
    }

    /// The items selected. A `--product` or `--variant` naming nothing the manifest has an image
    /// for throws `UnmatchedSelection`, whatever the other options select.
    func select(from items: [Manifest.Item]) throws(UnmatchedSelection) -> [Manifest.Item] {
        let knownProducts = Set(items.map(\.productID))
        let unknown = products.filter { !knownProducts.contains($0) }
        guard unknown.isEmpty else { throw .products(unknown, known: knownProducts.sorted()) }
        let wanted = variants.map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
        let options = Dictionary(grouping: items.flatMap(\.variants), by: \.key).mapValues { Set($0.map(\.value)) }
        for (pair, written) in zip(wanted, variants) {
            guard let known = options[pair[0]] else {
                throw .axis(pair[0], option: written, known: options.keys.sorted())
            }
            guard known.contains(pair[1]) else { throw .variant(axis: pair[0], id: pair[1], known: known.sorted()) }
        }
        return items.filter { item in
            (products.isEmpty || products.contains(item.productID))
                && wanted.allSatisfy { item.variants[$0[0]] == $0[1] }
                && (!allPending || item.reviewState == "pending")
        }
    }
}
