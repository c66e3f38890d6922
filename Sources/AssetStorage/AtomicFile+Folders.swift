extension AtomicFile {
    /// fsyncs a folder, so the entries made or renamed in it survive a crash: for writers that
    /// fill a new folder and then rename it into place (`review-data/`).
    public static func syncFolder(at path: String) throws {
        if let failure = sync(path, isFolder: true) { throw AssetStorageError(path: path, reason: failure) }
    }
}
