import Planner

/// `report.json`'s `skipped` section: the selected product × variant jobs the plan could not
/// make (a prompt field empty for the product, no reference image), counted by reason and
/// listed, so a nightly job's alert can say which products to fix.
struct SkippedFile: Encodable {
    struct Entry: Encodable {
        var productID: String
        /// `nil` when the whole product was skipped.
        var variantID: String?
        var line: Int?
        /// The product's position among an XML feed's items (all of them may be on one line).
        var item: Int?
        var reason: String

        enum CodingKeys: String, CodingKey {
            case productID = "product_id", variantID = "variant_id", line, item, reason
        }
    }

    var total: Int
    var products: Int
    var byReason: [String: Int]
    /// Every skip, up to `Plan.keptSkips`; `listed_all` says whether that is all of them.
    var entries: [Entry]
    var listedAll: Bool

    init(_ plan: Plan) {
        total = plan.skippedCount
        products = plan.skippedProducts
        byReason = plan.skippedByKind
        entries = plan.skipped.map {
            Entry(productID: $0.productID, variantID: $0.variantID, line: $0.line, item: $0.item, reason: $0.reason)
        }
        listedAll = plan.skipped.count == plan.skippedCount
    }

    enum CodingKeys: String, CodingKey {
        case total, products, entries
        case byReason = "by_reason", listedAll = "listed_all"
    }
}
