import CatalogModel

/// `manifest.json` as `recover` reads it: every field optional, so a manifest from an older
/// schema (or one damaged in part) still gives what it holds. Items that lack what a job needs
/// are left out by `ManifestRecovery`, named, and generated again by the next run.
public struct RecoverableManifest: Sendable, Decodable {
    public var schemaVersion: Int?
    public var folderID: String?
    public var run: Run?
    public var items: [Item]

    public struct Run: Sendable, Decodable {
        public var id: Int64?
        public var status: String?
        public var startedAt: String?
        public var finishedAt: String?

        enum CodingKeys: String, CodingKey {
            case id, status, startedAt = "started_at", finishedAt = "finished_at"
        }
    }

    public struct Reference: Sendable, Decodable {
        public var link: String?
        public var preview: String?
    }

    public struct Item: Sendable, Decodable {
        public var productID: String?
        public var productTitle: String?
        public var variantID: String?
        public var variants: [String: String]?
        public var prompt: String?
        public var references: [Reference]?
        public var model: String?
        public var size: String?
        public var resolution: String?
        public var quality: String?
        public var taskID: String?
        public var path: String?
        public var publicURL: String?
        public var sha256: String?
        public var format: String?
        public var width: Int?
        public var height: Int?
        public var bytes: Int?
        public var estimatedCostUSD: Double?
        public var fingerprint: String?
        public var generatedAt: String?
        public var reviewState: String?
        public var reviewer: String?
        public var reviewNote: String?
        public var reviewedAt: String?
        public var listing: Listing?
        public var compliance: [ChannelCompliance]?

        /// The manifest's own names (`Manifest.Item`), read leniently.
        typealias CodingKeys = Manifest.Item.CodingKeys
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", folderID = "folder_id", run, items
    }
}
