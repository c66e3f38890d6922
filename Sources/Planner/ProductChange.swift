import CatalogModel

/// Why a product's images are generated again, for the operator: new (never produced), changed
/// (with what moved: `prompt`, `references`, `image settings`) or forced (`--force` on a current
/// output). One per product, its variants' reasons merged, in the order the plan met them.
public struct ProductChange: Sendable, Equatable, Encodable {
    public enum Kind: String, Sendable, Encodable {
        case new, changed, forced
    }

    public var productID: String
    public var kind: Kind
    public var reasons: [String]
    public var variants: [String]

    public init(productID: String, kind: Kind, reasons: [String], variants: [String]) {
        self.productID = productID
        self.kind = kind
        self.reasons = reasons
        self.variants = variants
    }

    enum CodingKeys: String, CodingKey {
        case productID = "product_id", kind = "change", reasons, variants
    }

    /// `MUG-001 changed (prompt)`, `MUG-002 new`.
    public var text: String {
        "\(productID) \(kind.rawValue)" + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))")
    }

    /// The products behind `entries`: a product is changed if any of its jobs changed, new if all
    /// of its jobs are new, and forced if its jobs were current.
    public static func of(_ entries: some Sequence<Plan.Entry>) -> [ProductChange] {
        var order: [String] = []
        var byProduct: [String: ProductChange] = [:]
        for entry in entries {
            let id = entry.job.key.productID
            let kind: Kind =
                switch entry.change {
                case .new: .new
                case .changed: .changed
                case .unchanged: .forced
                }
            guard var change = byProduct[id] else {
                order.append(id)
                byProduct[id] = ProductChange(
                    productID: id, kind: kind, reasons: entry.reasons, variants: [entry.job.key.variantID])
                continue
            }
            change.variants.append(entry.job.key.variantID)
            if kind == .changed || (kind == .new && change.kind == .forced) { change.kind = kind }
            for reason in entry.reasons where !change.reasons.contains(reason) { change.reasons.append(reason) }
            byProduct[id] = change
        }
        return order.compactMap { byProduct[$0] }
    }

    /// The first `limit` products and how many more: a log line, never one per product.
    public static func line(_ changes: [ProductChange], limit: Int = 20) -> String {
        let shown = changes.prefix(limit).map(\.text).joined(separator: ", ")
        return changes.count > limit ? shown + ", … and \(changes.count - limit) more" : shown
    }
}
