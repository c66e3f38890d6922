import CatalogModel

/// The approval manifest (`manifest.json`, schema version 3): one item per generated image,
/// with how it was made, where it is and where its review stands. Deterministic for the same
/// store contents, so two writes of an unchanged store are byte-identical. It holds all that
/// `recover` needs to rebuild a lost store (`ManifestRecovery`).
public struct Manifest: Sendable, Codable, Equatable {
    public static let schemaVersion = 3

    public var schemaVersion: Int
    public var spec: SpecIdentity
    /// The last run over the store, if any.
    public var run: RunIdentity?
    public var items: [Item]
    /// The output folder's identity, from its store (`JobStore.folderID`): a store whose id
    /// differs was copied from another folder (`FolderStateCheck`). `nil` in manifests before
    /// version 3. Sorted first in the file, so it is read without parsing the items.
    public var folderID: String? = nil
    /// The tool and version that wrote the manifest, so its images can be traced to the build
    /// behind them. `nil` in manifests written before it was recorded. Its key sorts after
    /// `items`, so `ManifestHead` still finds `folder_id` and `items` first.
    public var provenance: CatalogRefreshVersion.Provenance? = nil

    public struct SpecIdentity: Sendable, Codable, Equatable {
        public var name: String
        public var file: String
        /// Of the spec file's bytes: which version of the spec the manifest was written under.
        public var sha256: String?

        public init(name: String, file: String, sha256: String? = nil) {
            self.name = name
            self.file = file
            self.sha256 = sha256
        }
    }

    public struct RunIdentity: Sendable, Codable, Equatable {
        public var id: Int64
        public var status: String
        public var startedAt: String
        public var finishedAt: String?

        public init(id: Int64, status: String, startedAt: String, finishedAt: String?) {
            self.id = id
            self.status = status
            self.startedAt = startedAt
            self.finishedAt = finishedAt
        }

        enum CodingKeys: String, CodingKey {
            case id, status, startedAt = "started_at", finishedAt = "finished_at"
        }
    }

    public struct Reference: Sendable, Codable, Equatable {
        /// The link as the feed wrote it.
        public var link: String
        /// Where the review page finds it: relative to the output folder, or a URL.
        public var preview: String
        /// Of the image's bytes, for a local reference (a remote one is fetched by the API).
        public var sha256: String?

        public init(link: String, preview: String, sha256: String? = nil) {
            self.link = link
            self.preview = preview
            self.sha256 = sha256
        }
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
        /// When the image was stored (ISO 8601, UTC).
        public var generatedAt: String?
        /// `pending`, `approved` or `rejected`; a decision holds for this image (sha256) only.
        public var reviewState: String
        public var reviewer: String?
        public var reviewNote: String?
        public var reviewedAt: String?
        /// The product's listing as the last run read it from the feed (`Listing`): what the
        /// exports merge with. `nil` in manifests before listings were recorded.
        public var listing: Listing? = nil
        /// How the image stands against each channel the spec exports to, judged when the
        /// manifest is written (`ComplianceAssessor`); `nil` when not judged.
        public var compliance: [ChannelCompliance]? = nil

        enum CodingKeys: String, CodingKey {
            case productID = "product_id", productTitle = "product_title", variantID = "variant_id", variants, prompt
            case references, model, size, resolution, quality, taskID = "task_id", path, publicURL = "public_url",
                sha256
            case format, width, height
            case bytes, estimatedCostUSD = "estimated_cost_usd", fingerprint, generatedAt = "generated_at"
            case reviewState = "review_state", reviewer, reviewNote = "review_note", reviewedAt = "reviewed_at"
            case listing, compliance
        }
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", spec, run, items, folderID = "folder_id", provenance
    }
}
