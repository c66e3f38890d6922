/// Identifies a job across runs: the same product and variant is the same job, whatever its
/// prompt or settings are tonight. The fingerprint says whether its output is still current.
public struct JobKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var productID: String
    public var variantID: String

    public init(productID: String, variantID: String) {
        self.productID = productID
        self.variantID = variantID
    }

    /// The persisted form. A product id may contain anything, so it is length-prefixed rather
    /// than separated by a character a feed could also use.
    public var storageKey: String {
        // Concatenated, not interpolated: a nightly plan reads the store by two million keys.
        let length = String(productID.utf8.count)
        var key = ""
        key.reserveCapacity(length.utf8.count + productID.utf8.count + variantID.utf8.count + 2)
        key += length
        key += ":"
        key += productID
        key += "|"
        key += variantID
        return key
    }

    public var description: String { "\(productID) [\(variantID)]" }

    public static func < (lhs: JobKey, rhs: JobKey) -> Bool {
        (lhs.productID, lhs.variantID) < (rhs.productID, rhs.variantID)
    }
}

/// A product image a job sends as a reference: a URL the API can fetch, or a local file that is
/// uploaded through the files API first.
public struct ReferenceImage: Sendable, Hashable, Codable {
    /// The link as the feed wrote it; this, not the resolved location, is in the fingerprint so
    /// moving the checkout does not regenerate a catalog.
    public var link: String
    /// An `http(s)` URL, or an absolute local path.
    public var location: String

    public init(link: String, location: String) {
        self.link = link
        self.location = location
    }

    public var isRemote: Bool { location.hasPrefix("http://") || location.hasPrefix("https://") }
}

/// One image to generate: one product × one variant, fully rendered.
public struct Job: Sendable, Hashable, Codable {
    public var key: JobKey
    public var productTitle: String
    public var variant: Variant
    public var prompt: String
    public var references: [ReferenceImage]
    public var settings: ImageSettings
    public var fingerprint: JobFingerprint
    public var estimatedCost: Money
    /// The output's path under `images/` (no extension) from the spec's `output.file_name`;
    /// `nil` for the default `<product id>/<variant ids>`. Not part of the fingerprint: renaming
    /// files does not regenerate images.
    public var fileName: String?

    public init(
        key: JobKey, productTitle: String, variant: Variant, prompt: String, references: [ReferenceImage],
        settings: ImageSettings, estimatedCost: Money
    ) {
        self.init(
            key: key, productTitle: productTitle, variant: variant, prompt: prompt, references: references,
            settings: settings,
            fingerprint: JobFingerprint(settings: settings, prompt: prompt, references: references),
            estimatedCost: estimatedCost)
    }

    /// A job whose fingerprint the caller made (`JobFingerprint.init(prefix:prompt:references:buffer:)`).
    public init(
        key: JobKey, productTitle: String, variant: Variant, prompt: String, references: [ReferenceImage],
        settings: ImageSettings, fingerprint: JobFingerprint, estimatedCost: Money
    ) {
        self.key = key
        self.productTitle = productTitle
        self.variant = variant
        self.prompt = prompt
        self.references = references
        self.settings = settings
        self.estimatedCost = estimatedCost
        self.fingerprint = fingerprint
    }
}
