/// Where a download writes a result as it arrives: a temporary file beside the place the result
/// will have, which only its bytes decide (the extension). `AssetStorage.stage(_:at:splicing:)`
/// stages it from there, or `discard` removes it; one a crash leaves is removed by the next run
/// (`AbandonedTemporaryFiles`).
public struct ReceivingFile: Sendable, Equatable {
    /// Absolute: `<path without extension>.tmp-<pid>-<random>`.
    public var path: String
    /// Relative to the storage root, for messages.
    public var displayPath: String
    /// Folders made for it (absolute): their entries in their parents must be made durable too.
    public var newFolders: [String]

    public init(path: String, displayPath: String, newFolders: [String]) {
        self.path = path
        self.displayPath = displayPath
        self.newFolders = newFolders
    }
}
