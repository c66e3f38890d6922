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
        // Gathered into one buffer and hashed in one call: a plan makes one per job.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(prompt.utf8.count + 64 * (references.count + 2))
        func part(_ text: String) {
            bytes.append(contentsOf: String(text.utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: text.utf8)
        }
        part("fingerprint-v1")
        part(settings.model)
        part(settings.size)
        part(settings.resolution)
        part(settings.quality ?? "-")
        part(prompt)
        part(String(references.count))
        for reference in references { part(reference.link) }
        self.hex = SHA256.hash(bytes).hex
    }

    public var description: String { String(hex.prefix(12)) }
}
