import CatalogModel

/// Two jobs of one plan that would write the same image file, found before anything is paid:
/// ids that sanitise alike (`a/b/c` and `a_b_c-d76a7b72`), ids that differ only in case, or an
/// `output.file_name` template that does not tell them apart. One paid image would overwrite
/// the other, and the manifest's checksum would no longer match.
///
/// Paths are compared ignoring case, on every system: macOS and Windows volumes do, and an output
/// folder is copied, synced and zipped onto them.
public struct OutputPathCollision: Error, Sendable, Equatable, CustomStringConvertible {
    public var first: JobKey
    public var second: JobKey
    /// The shared path, relative to the output folder, without the image's extension.
    public var path: String
    /// `first`'s image is already stored there (by an earlier run, perhaps for a product gone
    /// from the feed since): `second` would overwrite it.
    public var firstIsStored: Bool

    public init(first: JobKey, second: JobKey, path: String, firstIsStored: Bool = false) {
        self.first = first
        self.second = second
        self.path = path
        self.firstIsStored = firstIsStored
    }

    public var description: String {
        let clash =
            firstIsStored
            ? "\(second) would overwrite \(path), where the image stored for \(first) is"
            : "\(first) and \(second) would both write \(path)"
        return "\(clash) (paths are compared ignoring case); nothing was submitted: give one of them another id, "
            + "or make `output.file_name` tell them apart"
    }

    /// The first two of `jobs` whose output paths are equal ignoring case, if any.
    public static func first(in jobs: some Sequence<Job>) -> OutputPathCollision? {
        var paths = Paths()
        return paths.firstCollision(adding: jobs)
    }

    /// Another job's stored image where the job of `key` would write `stem`, if any.
    static func stored(
        at stem: String, for key: JobKey, index: any FingerprintIndex
    ) throws -> OutputPathCollision? {
        guard let owner = try index.storedOutputOwners(ofStem: stem).first(where: { $0 != key }) else { return nil }
        return OutputPathCollision(first: owner, second: key, path: stem, firstIsStored: true)
    }
}
