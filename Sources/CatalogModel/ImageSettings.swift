/// What the image API is asked for, apart from the prompt and the references.
///
/// Part of every job's fingerprint: changing any of these regenerates the affected images.
public struct ImageSettings: Sendable, Hashable, Codable {
    public var model: String
    /// A ratio such as `1:1`, explicit pixels `WxH`, or `auto`.
    public var size: String
    /// `1K`, `2K` or `4K`; only meaningful with a ratio size.
    public var resolution: String
    /// `low`, `medium` or `high`; `nil` for models that do not take it (`gpt-image-2-beta`).
    public var quality: String?

    public init(
        model: String = "gpt-image-2", size: String = "1:1", resolution: String = "1K", quality: String? = "medium"
    ) {
        self.model = model
        self.size = size
        self.resolution = resolution
        self.quality = quality
    }
}
