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

    /// By bytes, as the feed's validator and the planner read links: `hasPrefix` compares
    /// characters, and `https://` followed by a combining mark would be remote to one, local to
    /// the other.
    public var isRemote: Bool { location.hasBytePrefix("http://") || location.hasBytePrefix("https://") }
}

/// One image to generate: one product × one variant, fully rendered.
///
/// A value, its fields kept in one shared box that is copied only when a copy is changed: a plan
/// hands two million jobs from the thread that makes them to the thread that compares them, and
/// a copy of nine fields retained and released each of its strings and arrays, several of them
/// shared between both threads. A copy now touches one reference.
public struct Job: Sendable, Hashable, Codable {
    /// What a job is: compared, hashed and encoded as the job (the keys stored jobs and
    /// manifests have always had).
    private struct Fields: Sendable, Hashable, Codable {
        var key: JobKey
        var productTitle: String
        var variant: Variant
        var prompt: String
        var references: [ReferenceImage]
        var settings: ImageSettings
        var fingerprint: JobFingerprint
        var estimatedCost: Money
        var fileName: String?
    }

    /// `@unchecked Sendable`: a box is changed only through a job that holds the only reference
    /// to it (`unique()`), so a box shared between jobs, and so perhaps between threads, is only
    /// ever read.
    private final class Box: @unchecked Sendable {
        /// Unchecked: only a job holding the box's one reference changes it, so no access can
        /// overlap a change, and the runtime's check of every read was 4% of a plan's comparing.
        @exclusivity(unchecked) var fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
    }

    private var box: Box

    public var key: JobKey {
        _read { yield box.fields.key }
        _modify { yield &unique().fields.key }
    }
    public var productTitle: String {
        _read { yield box.fields.productTitle }
        _modify { yield &unique().fields.productTitle }
    }
    public var variant: Variant {
        _read { yield box.fields.variant }
        _modify { yield &unique().fields.variant }
    }
    public var prompt: String {
        _read { yield box.fields.prompt }
        _modify { yield &unique().fields.prompt }
    }
    public var references: [ReferenceImage] {
        _read { yield box.fields.references }
        _modify { yield &unique().fields.references }
    }
    public var settings: ImageSettings {
        _read { yield box.fields.settings }
        _modify { yield &unique().fields.settings }
    }
    public var fingerprint: JobFingerprint {
        _read { yield box.fields.fingerprint }
        _modify { yield &unique().fields.fingerprint }
    }
    public var estimatedCost: Money {
        _read { yield box.fields.estimatedCost }
        _modify { yield &unique().fields.estimatedCost }
    }
    /// The output's path under `images/` (no extension) from the spec's `output.file_name`;
    /// `nil` for the default `<product id>/<variant ids>`. Not part of the fingerprint: renaming
    /// files does not regenerate images.
    public var fileName: String? {
        _read { yield box.fields.fileName }
        _modify { yield &unique().fields.fileName }
    }

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

    /// A job whose fingerprint the caller made (`JobFingerprint.init(prefix:prompt:suffix:scratch:)`).
    public init(
        key: JobKey, productTitle: String, variant: Variant, prompt: String, references: [ReferenceImage],
        settings: ImageSettings, fingerprint: JobFingerprint, estimatedCost: Money, fileName: String? = nil
    ) {
        box = Box(
            Fields(
                key: key, productTitle: productTitle, variant: variant, prompt: prompt, references: references,
                settings: settings, fingerprint: fingerprint, estimatedCost: estimatedCost, fileName: fileName))
    }

    /// The box, copied first if another job shares it.
    private mutating func unique() -> Box {
        if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
        return box
    }

    public static func == (lhs: Job, rhs: Job) -> Bool {
        lhs.box === rhs.box || lhs.box.fields == rhs.box.fields
    }

    public func hash(into hasher: inout Hasher) {
        box.fields.hash(into: &hasher)
    }

    public init(from decoder: any Decoder) throws {
        box = Box(try Fields(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try box.fields.encode(to: encoder)
    }
}

extension Job: CustomReflectable {
    /// The fields, not the box: what `dump`, interpolation and a failing test's message show.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "key": key, "productTitle": productTitle, "variant": variant, "prompt": prompt,
                "references": references, "settings": settings, "fingerprint": fingerprint,
                "estimatedCost": estimatedCost, "fileName": fileName as Any,
            ], displayStyle: .struct)
    }
}
