import CatalogModel
import PipelineSpec

/// What lets a nightly plan pass over a product that is as it was when every one of its jobs was
/// last found current: its record's digest under this plan's context, looked up among the
/// store's (`FingerprintIndex.currentProductDigests`). Such a product's jobs are counted as
/// unchanged without a prompt rendered, a fingerprint hashed or a row of the store read.
///
/// The context is everything besides the record that decides a product's jobs: the spec's text
/// (and the folder it resolves paths against), the feed it names, where local links resolve, and
/// the rules for making jobs (the tool's version, the fingerprint's and listing digest's, and
/// `version`). A product whose record or context moved has
/// another digest and is planned in full; so is one whose stored image, listing or manifest entry
/// moved (the store forgets it then).
public struct CurrentProducts: Sendable {
    /// The bytes every product's digest starts with.
    let context: [UInt8]
    /// The digests of the products found current by earlier runs.
    let stored: Set<ProductDigest>

    /// `nil` when the spec was not parsed from text: its context cannot be told apart.
    public init?(
        spec: PipelineSpec, linkBaseDirectory: String, allowsLocalFiles: Bool, stored: Set<ProductDigest>
    ) {
        guard let sourceDigest = spec.sourceDigest else { return nil }
        var context: [UInt8] = []
        for part in [
            Self.version, CatalogRefreshVersion.current, JobFingerprint.version, Listing.digestVersion, sourceDigest,
            spec.feed.source, linkBaseDirectory, allowsLocalFiles ? "local files" : "remote only",
        ] {
            context += Array(String(part.utf8.count).utf8) + [UInt8(ascii: ":")] + Array(part.utf8)
        }
        self.context = context
        self.stored = stored
    }

    /// Changed whenever the way jobs are made from a product changes, whether or not the tool's
    /// version does: `CurrentProductsPlanTests.theRulesForMakingJobsArePinned` fails until it is.
    public static let version = "current-products-v1"

    func digest(of product: Product, buffer: inout [UInt8]) -> ProductDigest {
        product.digest(context: context, buffer: &buffer)
    }
}
