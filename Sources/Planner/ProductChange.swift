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
        var changes: [ProductChange] = []
        var index: [String: Int] = [:]
        for entry in entries { fold(entry, into: &changes, index: &index) }
        return changes
    }

    /// Adds one entry to `changes`: a new product at the end, or its product's change merged
    /// (`index` says where each product is).
    static func fold(_ entry: Plan.Entry, into changes: inout [ProductChange], index: inout [String: Int]) {
        let id = entry.job.key.productID
        let kind: Kind =
            switch entry.change {
            case .new: .new
            case .changed: .changed
            case .unchanged: .forced
            }
        guard let at = index[id] else {
            index[id] = changes.count
            changes.append(
                ProductChange(productID: id, kind: kind, reasons: entry.reasons, variants: [entry.job.key.variantID]))
            return
        }
        changes[at].variants.append(entry.job.key.variantID)
        if kind == .changed || (kind == .new && changes[at].kind == .forced) { changes[at].kind = kind }
        for reason in entry.reasons where !changes[at].reasons.contains(reason) { changes[at].reasons.append(reason) }
    }

    /// The first `limit` products and how many more: a log line, never one per product.
    public static func line(_ changes: [ProductChange], limit: Int = 20) -> String {
        let shown = changes.prefix(limit).map(\.text).joined(separator: ", ")
        return changes.count > limit ? shown + ", … and \(changes.count - limit) more" : shown
    }
}
