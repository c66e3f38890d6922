/// A stable hash of everything that decides what a job's image looks like: model, image
/// settings, the rendered prompt and the identities (links) of the reference images.
///
/// `plan` and `run` compare it with the fingerprint of the last stored output to tell new,
/// changed and unchanged jobs apart. Each part is length-prefixed, so no two different inputs
/// can produce the same byte stream.
public struct JobFingerprint: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Lower-case hex SHA-256.
    public var hex: String

    public init(hex: String) {
        self.hex = hex
    }

    public init(settings: ImageSettings, prompt: String, references: [ReferenceImage]) {
        var hasher = SHA256()
        var parts = [
            "fingerprint-v1", settings.model, settings.size, settings.resolution, settings.quality ?? "-", prompt,
        ]
        parts.append(String(references.count))
        parts.append(contentsOf: references.map(\.link))
        for part in parts {
            hasher.update(String(part.utf8.count) + ":")
            hasher.update(part)
        }
        self.hex = hasher.finalize().hex
    }

    public var description: String { String(hex.prefix(12)) }
}
