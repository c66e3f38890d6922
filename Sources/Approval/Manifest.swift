/// The approval manifest (`manifest.json`, schema version 1): one item per generated image,
/// with how it was made and where it is. Deterministic for the same store contents, so two
/// writes of an unchanged run are byte-identical.
public struct Manifest: Sendable, Codable, Equatable {
    public static let schemaVersion = 1

    public var schemaVersion: Int
    public var spec: SpecIdentity
    public var items: [Item]

    public struct SpecIdentity: Sendable, Codable, Equatable {
        public var name: String
        public var file: String
    }

    public struct Reference: Sendable, Codable, Equatable {
        /// The link as the feed wrote it.
        public var link: String
        /// Where the review page finds it: relative to the output folder, or a URL.
        public var preview: String
    }

    public struct Item: Sendable, Codable, Equatable {
        public var productID: String
        public var productTitle: String
        /// `background=marble,season=winter`.
        public var variantID: String
        /// Axis → option id.
        public var variants: [String: String]
        public var prompt: String
        public var references: [Reference]
        public var model: String
        public var size: String
        public var resolution: String
        public var quality: String?
        public var taskID: String
        /// Relative to the output folder.
        public var path: String
        /// `output.public_base_url` + `path`, when the spec says where the folder is served.
        public var publicURL: String?
        public var sha256: String
        public var format: String
        public var width: Int
        public var height: Int
        public var bytes: Int
        public var estimatedCostUSD: Double
        public var fingerprint: String
        public var reviewState: String

        enum CodingKeys: String, CodingKey {
            case productID = "product_id", productTitle = "product_title", variantID = "variant_id", variants, prompt
            case references, model, size, resolution, quality, taskID = "task_id", path, sha256, format, width, height
            case bytes, estimatedCostUSD = "estimated_cost_usd", fingerprint, reviewState = "review_state"
        }
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", spec, items
    }
}
