/// What the store holds for one planned job, read for a whole batch of jobs at once
/// (`FingerprintIndex.storedStates(for:)`): enough to tell an unchanged job from a new or changed
/// one, and whether its listing and manifest entry must be written, without a query per job.
public struct StoredPlanState: Sendable, Equatable {
    /// The fingerprint of the job's last stored output; `nil` if it never produced one.
    public var fingerprint: JobFingerprint?
    /// `Listing.digest` of the listing last recorded for the job; `nil` when none was.
    public var listingDigest: Int64?
    /// Whether the job is in the folder's manifest.
    public var isInManifest: Bool

    public init(fingerprint: JobFingerprint? = nil, listingDigest: Int64? = nil, isInManifest: Bool = false) {
        self.fingerprint = fingerprint
        self.listingDigest = listingDigest
        self.isInManifest = isInManifest
    }
}
