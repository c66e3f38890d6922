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
        let key = entry.job.key
        guard let at = index[key.productID] else {
            index[key.productID] = changes.count
            changes.append(ProductChange(key, change: entry.change, reasons: entry.reasons))
            return
        }
        changes[at].add(key, change: entry.change, reasons: entry.reasons)
    }

    /// `fold` for entries that arrive grouped by product (a plan's, in feed order): the
    /// product's change, if any, is the last one, and no index of every product is kept.
    /// A plan's jobs need not be made in full for it: the key, change and reasons are all it reads.
    static func fold(
        _ key: JobKey, change: Plan.Change, reasons: [String], intoLast changes: inout [ProductChange]
    ) {
        if let last = changes.indices.last, changes[last].productID == key.productID {
            changes[last].add(key, change: change, reasons: reasons)
        } else {
            changes.append(ProductChange(key, change: change, reasons: reasons))
        }
    }

    /// The change of a product whose first job is `key`'s.
    private init(_ key: JobKey, change: Plan.Change, reasons: [String]) {
        self.init(productID: key.productID, kind: Self.kind(of: change), reasons: reasons, variants: [key.variantID])
    }

    private mutating func add(_ key: JobKey, change: Plan.Change, reasons: [String]) {
        let kind = Self.kind(of: change)
        variants.append(key.variantID)
        if kind == .changed || (kind == .new && self.kind == .forced) { self.kind = kind }
        for reason in reasons where !self.reasons.contains(reason) { self.reasons.append(reason) }
    }

    private static func kind(of change: Plan.Change) -> Kind {
        switch change {
        case .new: .new
        case .changed: .changed
        case .unchanged: .forced
        }
    }

    /// The first `limit` products and how many more of `total` (by default, all of `changes`):
    /// a log line, never one per product.
    public static func line(_ changes: [ProductChange], total: Int? = nil, limit: Int = 20) -> String {
        let kept = changes.prefix(limit)
        let shown = kept.map(\.text).joined(separator: ", ")
        let more = (total ?? changes.count) - kept.count
        return more > 0 ? shown + ", … and \(more) more" : shown
    }
}
