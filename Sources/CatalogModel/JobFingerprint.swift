/// A stable hash of everything that decides what a job's image looks like: model, image
/// settings, the rendered prompt and the identities (links) of the reference images.
///
/// `plan` and `run` compare it with the fingerprint of the last stored output to tell new,
/// changed and unchanged jobs apart. Each part is length-prefixed, so no two different inputs
/// can produce the same byte stream.
///
/// Held as the digest's 32 bytes, not its hex: a nightly plan makes two million, and a string
/// each was an allocation made where the jobs are made and freed on the comparing thread. The hex
/// (what the store and the manifest hold) is made when asked for.
public struct JobFingerprint: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible {
    private enum Value: Sendable, Hashable {
        /// A SHA-256 digest, big-endian in four words.
        case digest(UInt64, UInt64, UInt64, UInt64)
        /// Text that is not a lower-case hex digest (an empty one, or a store's damaged value),
        /// kept as it was so it compares as it did.
        case text(String)
    }

    private var value: Value

    /// Lower-case hex SHA-256.
    public var hex: String {
        switch value {
        case .text(let text): return text
        case .digest(let a, let b, let c, let d):
            return withUnsafeBytes(of: (a.bigEndian, b.bigEndian, c.bigEndian, d.bigEndian)) { $0.lowercaseHex }
        }
    }

    public init(hex: String) {
        value = Self.digest(fromHex: hex) ?? .text(hex)
    }

    public init(settings: ImageSettings, prompt: String, references: [ReferenceImage]) {
        var scratch = Scratch()
        self.init(prefix: Self.prefix(settings), prompt: Array(prompt.utf8), references: references, scratch: &scratch)
    }

    /// What making fingerprints one after another reuses: the buffer their bytes are gathered
    /// in and the digest's context.
    public struct Scratch: Sendable {
        var bytes: [UInt8] = []
        var hasher = SHA256.Reused()
        /// The bytes of a fingerprint held to be hashed with the next one (`holdFingerprint`).
        var heldBytes: [UInt8] = []
        var heldCount: Int?

        public init() {}
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

    /// The fingerprint of a job whose settings made `prefix` and whose prompt's UTF-8 is
    /// `prompt`, its bytes gathered in `scratch` (reused from job to job) and hashed in one call.
    public init(prefix: [UInt8], prompt: [UInt8], references: [ReferenceImage], scratch: inout Scratch) {
        var suffix: [UInt8] = []
        Self.appendSuffix(of: references, to: &suffix)
        self.init(prefix: prefix, prompt: prompt, suffix: suffix, scratch: &scratch)
    }

    /// Appends the bytes every fingerprint of jobs with `references` ends with: made once per
    /// product, whose every variant sends the same references.
    public static func appendSuffix(of references: [ReferenceImage], to bytes: inout [UInt8]) {
        // By index: a `for` over the array copied each reference, retaining both its strings.
        appendSuffix(count: references.count, to: &bytes) { references[$0].link }
    }

    /// `appendSuffix(of:to:)` for references known by their links alone, in order.
    public static func appendSuffix(ofLinks links: [String], to bytes: inout [UInt8]) {
        appendSuffix(count: links.count, to: &bytes) { links[$0] }
    }

    private static func appendSuffix(count: Int, to bytes: inout [UInt8], link: (Int) -> String) {
        // The count as a part of its own: its decimal digits, length-prefixed.
        withDecimalDigits(of: count) { append($0, to: &bytes) }
        for index in 0..<count { append(link(index), to: &bytes) }
    }

    /// The fingerprint of a job whose settings made `prefix`, whose prompt's UTF-8 is `prompt`
    /// and whose references made `suffix`.
    ///
    /// The arrays are borrowed: an initialiser's parameters are otherwise consumed, and the
    /// caller retained and released each of the three for every job.
    public init(prefix: borrowing [UInt8], prompt: borrowing [UInt8], suffix: borrowing [UInt8], scratch: inout Scratch)
    {
        let count = Self.gather(prefix: prefix, prompt: prompt, suffix: suffix, into: &scratch.bytes)
        self = scratch.bytes.withUnsafeBytes { bytes in
            scratch.hasher.withDigest(of: UnsafeRawBufferPointer(rebasing: bytes[..<count])) {
                Self(digest: UnsafeRawBufferPointer($0))
            }
        }
    }

    /// Writes the bytes a fingerprint hashes at the start of `bytes` (grown if too small); how
    /// many there are.
    static func gather(
        prefix: borrowing [UInt8], prompt: borrowing [UInt8], suffix: borrowing [UInt8], into bytes: inout [UInt8]
    ) -> Int {
        // Every part as `<utf-8 length>:<part>`, in this order (the references' count, then each
        // link, in `suffix`): the bytes every stored fingerprint was made from, so they must
        // never change.
        //
        // Copied into the scratch buffer through pointers: `append(contentsOf:)` of an array
        // retained and released it and checked capacity and uniqueness, per part of each job.
        let capacity = prefix.count + 21 + prompt.count + suffix.count
        if bytes.count < capacity { bytes = [UInt8](repeating: 0, count: capacity * 2) }
        return bytes.withUnsafeMutableBufferPointer { buffer in
            var output = ByteWriter(buffer: buffer)
            prefix.withUnsafeBufferPointer { output.write($0) }
            Self.withDecimalDigits(of: prompt.count) { output.write($0) }
            output.write(UInt8(ascii: ":"))
            prompt.withUnsafeBufferPointer { output.write($0) }
            suffix.withUnsafeBufferPointer { output.write($0) }
            return output.count
        }
    }

    /// The fingerprint of a 32-byte SHA-256 digest.
    init(digest: UnsafeRawBufferPointer) {
        precondition(digest.count == 32, "a SHA-256 digest has 32 bytes")
        func word(_ at: Int) -> UInt64 {
            UInt64(bigEndian: digest.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        }
        value = .digest(word(0), word(8), word(16), word(24))
    }

    /// Writes parts one after another into a buffer that `JobFingerprint.init` made large enough.
    private struct ByteWriter {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        var count = 0

        mutating func write(_ part: UnsafeBufferPointer<UInt8>) {
            guard !part.isEmpty else { return }
            // Checked first: a part dropped would change the fingerprint, and silently.
            precondition(count + part.count <= buffer.count, "JobFingerprint's scratch buffer is too small")
            guard let source = part.baseAddress, let target = buffer.baseAddress else {
                preconditionFailure("a part with bytes has an address")
            }
            (target + count).update(from: source, count: part.count)
            count += part.count
        }

        mutating func write(_ byte: UInt8) {
            precondition(count < buffer.count, "JobFingerprint's scratch buffer is too small")
            buffer[count] = byte
            count += 1
        }
    }

    /// The digest of 64 lower-case hex digits; `nil` for anything else.
    private static func digest(fromHex hex: String) -> Value? {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var count = 0
        for byte in hex.utf8 {
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            guard count < 64 else { return nil }
            switch count / 16 {
            case 0: words.0 = words.0 << 4 | UInt64(nibble)
            case 1: words.1 = words.1 << 4 | UInt64(nibble)
            case 2: words.2 = words.2 << 4 | UInt64(nibble)
            default: words.3 = words.3 << 4 | UInt64(nibble)
            }
            count += 1
        }
        guard count == 64 else { return nil }
        return .digest(words.0, words.1, words.2, words.3)
    }

    private static func append(_ part: String, to bytes: inout [UInt8]) {
        // Read in place (`withUTF8Bytes`): a copy for `withUTF8` retains and releases the string
        // once per part of two million jobs.
        part.withUTF8Bytes { append($0, to: &bytes) }
    }

    private static func append(_ utf8: some Collection<UInt8>, to bytes: inout [UInt8]) {
        // The length's digits written as bytes: `String(count).utf8` went through the generic
        // integer formatting and a generic append, twice per part of two million jobs.
        withDecimalDigits(of: utf8.count) { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: utf8)
    }

    /// `String(value).utf8` for a count (never negative), on the stack.
    private static func withDecimalDigits<Result>(
        of value: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            var rest = value.magnitude
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            return body(UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// As `{"hex": "…"}`, the form stored jobs and the manifest have always had.
    private enum CodingKeys: String, CodingKey {
        case hex
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(hex: try container.decode(String.self, forKey: .hex))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(hex, forKey: .hex)
    }

    public var description: String { String(hex.prefix(12)) }

    /// The whole hex: what a failing test's message shows.
    public var debugDescription: String { "JobFingerprint(\(hex))" }
}
