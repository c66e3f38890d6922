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

    @Option(help: "Who decides (default: $USER).")
    var reviewer: String = ProcessInfo.processInfo.environment["USER"] ?? "reviewer"

    var isEmpty: Bool { products.isEmpty && variants.isEmpty && !allPending }

    func validate() throws {
        for variant in variants where variant.split(separator: "=", maxSplits: 1).count != 2 {
            throw ValidationError("--variant \(variant): expected AXIS=ID, for example background=marble")
        }
    }

    /// The items selected; throws if a named product has no image.
    func select(from items: [Manifest.Item]) throws -> [Manifest.Item] {
        let known = Set(items.map(\.productID))
        let unknown = products.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            Console.error(
                "no generated image for product \(unknown.map { "`\($0)`" }.joined(separator: ", ")) "
                    + "(the manifest has \(known.count) products; `catalog-refresh manifest` lists them)")
            throw ExitStatus.invalidInput.exitCode
        }
        let wanted = variants.map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
        return items.filter { item in
            (products.isEmpty || products.contains(item.productID))
                && wanted.allSatisfy { item.variants[$0[0]] == $0[1] }
                && (!allPending || item.reviewState == "pending")
        }
    }
}
