/// Answers "what did the last stored output of this job look like?", so the planner can tell
/// new, changed and unchanged jobs apart without knowing how state is stored.
public protocol FingerprintIndex: Sendable {
    /// The fingerprint of the job's last stored output, or `nil` if it never produced one.
    func storedFingerprint(for key: JobKey) throws -> JobFingerprint?

    /// The job as it was when its last output was made, so a plan can say what changed;
    /// `nil` when unknown.
    func storedJob(for key: JobKey) throws -> Job?

    /// The jobs whose stored image is the file `stem` (a path relative to the output folder,
    /// without its extension) names, compared ignoring case: a job about to write there would
    /// overwrite one of them.
    func storedOutputOwners(ofStem stem: String) throws -> [JobKey]

    /// What is stored for each of `keys`, in their order: the planner asks once per batch of
    /// products, so a million-product catalog is checked with a few thousand reads, not millions.
    func storedStates(for keys: [JobKey]) throws -> [StoredPlanState]

    /// Whether any output is stored: a first plan need not look for images a job would overwrite.
    var hasStoredOutputs: Bool { get throws }

    /// The digests of products whose every job was current when a run last planned them and
    /// has not moved since (`ProductDigest`): a plan passes them over.
    func currentProductDigests() throws -> Set<ProductDigest>
}

extension FingerprintIndex {
    public var hasStoredOutputs: Bool { true }

    public func storedStates(for keys: [JobKey]) throws -> [StoredPlanState] {
        try keys.map { StoredPlanState(fingerprint: try storedFingerprint(for: $0)) }
    }

    public func storedJob(for key: JobKey) throws -> Job? { nil }
    public func currentProductDigests() throws -> Set<ProductDigest> { [] }
    public func storedOutputOwners(ofStem stem: String) throws -> [JobKey] { [] }
}

/// An index held in memory: what a first run sees, and what tests use.
public struct InMemoryFingerprintIndex: FingerprintIndex {
    public var fingerprints: [JobKey: JobFingerprint]

    public init(_ fingerprints: [JobKey: JobFingerprint] = [:]) {
        self.fingerprints = fingerprints
    }

    public func storedFingerprint(for key: JobKey) -> JobFingerprint? { fingerprints[key] }

    /// Nothing stored for any key of an empty index (`plan` before a first run), without a
    /// lookup per key.
    public func storedStates(for keys: [JobKey]) -> [StoredPlanState] {
        guard !fingerprints.isEmpty else { return Array(repeating: StoredPlanState(), count: keys.count) }
        return keys.map { StoredPlanState(fingerprint: fingerprints[$0]) }
    }

    public var hasStoredOutputs: Bool { !fingerprints.isEmpty }
}

extension FingerprintIndex where Self == InMemoryFingerprintIndex {
    public static var empty: InMemoryFingerprintIndex { InMemoryFingerprintIndex() }
}
