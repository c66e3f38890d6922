import CatalogModel
import JobStore

/// A review decision that no longer holds because this run replaced its image: the item is
/// pending again, and the operator is told which ones, never left to find out.
struct DecisionReset: Encodable {
    var key: JobKey
    var decision: ReviewState

    enum CodingKeys: String, CodingKey {
        case productID = "product_id", variantID = "variant_id", decision
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key.productID, forKey: .productID)
        try container.encode(key.variantID, forKey: .variantID)
        try container.encode(decision.rawValue, forKey: .decision)
    }
}
