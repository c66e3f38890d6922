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
        var bytes: [UInt8] = []
        self.init(prefix: Self.prefix(settings), prompt: prompt, references: references, buffer: &bytes)
    }

    /// What every fingerprint's bytes start with; a new one regenerates every catalog.
    public static let version = "fingerprint-v1"

    /// The bytes every fingerprint of jobs with `settings` starts with: made once per variant.
    public static func prefix(_ settings: ImageSettings) -> [UInt8] {
        var bytes: [UInt8] = []
        append(version, to: &bytes)
        append(settings.model, to: &bytes)
        append(settings.size, to: &bytes)
        append(settings.resolution, to: &bytes)
        append(settings.quality ?? "-", to: &bytes)
        return bytes
    }

    /// The fingerprint of a job whose settings made `prefix`, its bytes gathered in `buffer`
    /// (reused from job to job) and hashed in one call.
    public init(prefix: [UInt8], prompt: String, references: [ReferenceImage], buffer: inout [UInt8]) {
        // Every part as `<utf-8 length>:<part>`, in this order: the bytes every stored
        // fingerprint was made from, so they must never change.
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: prefix)
        Self.append(prompt, to: &buffer)
        Self.append(String(references.count), to: &buffer)
        for reference in references { Self.append(reference.link, to: &buffer) }
        hex = buffer.withUnsafeBytes { SHA256.hex(of: $0) }
    }

    private static func append(_ part: String, to bytes: inout [UInt8]) {
        // A native string's bytes are read in place; `withUTF8` needs a mutable copy, which
        // retains and releases the string once per part of two million jobs.
        let appended: Void? = part.utf8.withContiguousStorageIfAvailable { utf8 in
            append(utf8, to: &bytes)
        }
        if appended == nil { append(Array(part.utf8), to: &bytes) }
    }

    private static func append(_ utf8: some Collection<UInt8>, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: String(utf8.count).utf8)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: utf8)
    }

    public var description: String { String(hex.prefix(12)) }
}
