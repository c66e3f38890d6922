import CatalogModel

/// A loaded, validated pipeline spec: everything a run needs to know, with paths resolved
/// against the spec's own folder so a spec means the same thing from any working directory.
public struct PipelineSpec: Sendable {
    public var version: Int
    public var name: String
    /// The spec file as given on the command line.
    public var file: String
    public var feed: FeedSection
    /// Which products get jobs; `nil` selects every product.
    public var selection: ProductCondition?
    public var variantAxes: [VariantAxis]
    /// Combinations never generated: axis → option id, all of which must match.
    public var exclusions: [[String: String]]
    public var prompt: PromptTemplate
    public var references: [ReferenceRule]
    public var image: ImageSettings
    public var limits: Limits
    public var output: OutputSection
    public var api: APISection
    /// How `export` lays out approved images per marketplace; the defaults when the spec has
    /// no `exports:` section.
    public var exports = ExportSettings()
    /// Problems that do not stop the spec from loading (suspicious or deprecated settings).
    public var warnings: [Diagnostic] = []
    /// Every `{{attributes.X}}` the prompt and `exports.shopify.alt` use and the
    /// `attributes.X` `exports.shopify.handle` names, with where: checked against the feed's
    /// columns once it is read (`diagnostics(forFeedAttributes:)`), since only the feed knows them.
    public var attributeUses: [AttributeUse] = []
    /// The SHA-256 (hex) of the spec text this was parsed from, with the folder its relative
    /// paths resolved against: what a product's digest is taken under (`CurrentProducts`), so an
    /// edited spec plans every product again. `nil` for a spec not parsed from text.
    public var sourceDigest: String?

    /// One `{{attributes.X}}` in a template, or an `attributes.X` a key names.
    public struct AttributeUse: Sendable, Equatable {
        /// `X`: the name after `attributes.`.
        public var attribute: String
        /// Where the tag (or the name) starts in the spec file.
        public var location: SourceLocation
        /// Only tested (`{{#attributes.X}}…{{/attributes.X}}`), never printed: the documented
        /// way to write optional text, so a feed without the column is a warning, not an error.
        public var guardOnly: Bool
        /// The spec key that uses it (`prompt`, `exports.shopify.alt`, `exports.shopify.handle`),
        /// so the message names the setting to fix.
        public var key: String
        /// Whether the key is a template (`{{attributes.X}}`) rather than a bare field name, so
        /// suggestions are written the way the key is.
        public var inTemplate: Bool

        public init(
            attribute: String, location: SourceLocation, guardOnly: Bool = false, key: String = "prompt",
            inTemplate: Bool = true
        ) {
            self.attribute = attribute
            self.location = location
            self.guardOnly = guardOnly
            self.key = key
            self.inTemplate = inTemplate
        }
    }

    public struct FeedSection: Sendable, Equatable {
        /// A local path (resolved) or an `http(s)` URL.
        public var source: String
        public var profile: String
        /// Product field → column name.
        public var mapping: [String: String]
        public var maxInvalidRows: Int
        /// A share of records (0–100) instead of a count; checked once the feed is read.
        public var maxInvalidPercent: Double?
        public var delimiter: String?
        /// `utf-8`, `windows-1252` or `iso-8859-1` (CSV; XML declares its own).
        public var encoding: String
        /// The repeating element of a generic XML feed.
        public var itemElement: String?
        /// Deadlines for a feed read from a URL.
        public var timeouts = FeedTimeouts()
    }

    public struct VariantAxis: Sendable {
        public var name: String
        public var options: [VariantOption]
        /// The option fields every entry of this axis has, so the prompt may use them.
        public var commonFields: Set<String>
        /// Option id → the products it applies to (`only:`); absent means every product.
        public var restrictions: [String: ProductCondition] = [:]
        /// Option id → image settings for jobs using that option (`image:` on the entry).
        public var imageOverrides: [String: ImageSettings] = [:]
    }

    public struct Limits: Sendable, Equatable {
        public var concurrency: Int
        public var requestsPerMinute: Int
        public var budget: Money?
        /// Where the budget is written, for diagnostics about it.
        public var budgetLocation: SourceLocation?
        /// How many selected product × variant jobs a run may skip (a prompt field empty for the
        /// product, no reference image) and still exit 0; `nil` (`max_skipped: any`) accepts any.
        public var maxSkipped: Int? = 0

        /// The largest `budget_usd` a spec may set: a million dollars, beyond any catalogue's
        /// images; a larger number is a typo (or an attack on the conversion to micro-dollars).
        public static let maxBudgetUSD = 1_000_000
    }

    public struct OutputSection: Sendable, Equatable {
        /// Resolved folder for images, manifests and the state database.
        public var folder: String
        /// File path (without extension) under `images/`, a template over product and variant
        /// fields plus `{{variant}}` (the option ids); each rendered path segment is sanitised.
        public var fileName: PromptTemplate?
        /// Where `images/` will be served from, for the manifest's public URLs and exports.
        public var publicBaseURL: String?

        public init(folder: String, fileName: PromptTemplate? = nil, publicBaseURL: String? = nil) {
            self.folder = folder
            self.fileName = fileName
            self.publicBaseURL = publicBaseURL
        }
    }

    public struct APISection: Sendable, Equatable {
        /// The EvoLink API; `nil` means the default (the real API with a key, the embedded
        /// simulator without).
        public var baseURL: String?
        /// The files API host; `nil` derives it from `baseURL`.
        public var filesBaseURL: String?
        /// A file holding the API key, used when `EVOLINK_API_KEY` is not set (for secret
        /// mounts); the key itself never appears in a spec.
        public var keyFile: String?
        /// An http proxy for every request of the run, in place of `HTTPS_PROXY`/`HTTP_PROXY`.
        public var proxy: String?
        /// Hosts reached without the proxy, in place of `NO_PROXY`.
        public var noProxy: [String]?
        /// PEM certificates to trust instead of the system's, in place of `SSL_CERT_FILE`;
        /// resolved against the spec's folder.
        public var caBundle: String?

        public init(
            baseURL: String? = nil, filesBaseURL: String? = nil, keyFile: String? = nil, proxy: String? = nil,
            noProxy: [String]? = nil, caBundle: String? = nil
        ) {
            self.baseURL = baseURL
            self.filesBaseURL = filesBaseURL
            self.keyFile = keyFile
            self.proxy = proxy
            self.noProxy = noProxy
            self.caBundle = caBundle
        }
    }

    /// Every combination of one option per axis, in axis order (the first axis varies slowest),
    /// less the excluded combinations.
    public var variants: [Variant] { Self.variants(of: variantAxes, excluding: exclusions) }

    /// The combinations `variants` lists, for the loader's checks before a spec exists.
    static func variants(of axes: [VariantAxis], excluding exclusions: [[String: String]]) -> [Variant] {
        let all = axes.reduce([Variant(options: [])]) { partial, axis in
            partial.flatMap { variant in
                axis.options.map { Variant(options: variant.options + [$0]) }
            }
        }
        return all.filter { variant in
            !exclusions.contains { exclusion in
                exclusion.allSatisfy { axis, id in variant.option(forAxis: axis)?.id == id }
            }
        }
    }

    /// Whether `variant` applies to `product` (every option's `only:` holds).
    public func variant(_ variant: Variant, appliesTo product: Product) -> Bool {
        variantAxes.allSatisfy { axis in
            guard let option = variant.option(forAxis: axis.name), let condition = axis.restrictions[option.id] else {
                return true
            }
            return condition.matches(product)
        }
    }

    /// The image settings for jobs of `variant`: the spec's, with entry overrides in axis order.
    public func imageSettings(for variant: Variant) -> ImageSettings {
        var settings = image
        for axis in variantAxes {
            if let option = variant.option(forAxis: axis.name), let override = axis.imageOverrides[option.id] {
                settings = override
            }
        }
        return settings
    }
}

/// Which product image a job sends as a reference.
public enum ReferenceRule: Sendable, Equatable {
    case imageLink
    /// 0-based index into `additional_image_links`; skipped for products with fewer images.
    case additionalImage(Int)
    /// A link built from product fields, e.g. `https://cdn.example.com/{{id}}/main.jpg`.
    case template(PromptTemplate)
}
