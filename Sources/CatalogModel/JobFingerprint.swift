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
        // Every part as `<utf-8 length>:<part>`, in this order: the bytes every stored
        // fingerprint was made from, so they must never change.
        var hasher = SHA256()
        func part(_ text: String) {
            hasher.update(String(text.utf8.count))
            hasher.update(":")
            hasher.update(text)
        }
        part("fingerprint-v1")
        part(settings.model)
        part(settings.size)
        part(settings.resolution)
        part(settings.quality ?? "-")
        part(prompt)
        part(String(references.count))
        for reference in references { part(reference.link) }
        self.hex = hasher.finalize().hex
    }

    public var description: String { String(hex.prefix(12)) }
}
