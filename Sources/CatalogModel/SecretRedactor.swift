/// Removes one secret (the API key) from text a server sent, in every form a server is likely to
/// quote it back in: as sent, case-folded (`SK-…`), percent-encoded (any subset of its bytes as
/// `%XX`, hex in either case, also combined with case folding), and base64 of `user:key` (HTTP
/// Basic credentials) or of the key alone.
///
/// Built once from the key and applied where server text enters our types (`EvoLinkClient`) and
/// again by the log writer, so nothing downstream (logs, reports, the store, the manifest) can
/// hold the key. One function for both, so the two can never disagree on what a leak is.
///
/// Base64 cannot be matched by decoding arbitrary text, and the key's encoding depends on what
/// precedes it (`user:` shifts it by `user:`'s length modulo 3). As secret scanners do, the key
/// is encoded at each of the three byte alignments and only the run of characters that depends
/// on the key's bytes alone (not on its unknown neighbours) is searched for: whatever the user
/// name, one of the three runs appears inside the base64 of `user:key`.
public struct SecretRedactor: Sendable {
    /// What a redacted secret reads as.
    public static let placeholder = "sk-…(redacted)"
    /// Shorter base64 runs (keys of a few bytes) would match ordinary words.
    static let minimumBase64Run = 6

    private let secret: [UInt8]
    private let base64Runs: [[UInt8]]

    /// `nil` for an empty secret: there is nothing to redact.
    public init?(secret: String) {
        guard !secret.isEmpty else { return nil }
        self.secret = Array(secret.utf8)
        self.base64Runs = Self.stableBase64Runs(of: self.secret)
    }

    /// `text` with every occurrence of the secret, in any of the forms above, replaced by
    /// `placeholder`.
    public func redact(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var found: [Range<Int>] = []
        var start = 0
        while start < bytes.count {
            if let end = encodedMatch(in: bytes, from: start) {
                found.append(start..<end)
                start = end
            } else {
                start += 1
            }
        }
        for run in base64Runs { found += Self.occurrences(of: run, in: bytes) }
        guard !found.isEmpty else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var position = 0
        for range in found.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if range.lowerBound >= position {
                out += bytes[position..<range.lowerBound]
                out += Self.placeholder.utf8
            }
            position = max(position, range.upperBound)
        }
        out += bytes[position...]
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `text` holds the secret in any form `redact` removes.
    public func contains(in text: String) -> Bool {
        redact(text) != text
    }

    /// `url` with its user information (`user:password@`) removed and the secret redacted: what
    /// may be stored or printed of a URL a server gave us.
    public func redact(url: String) -> String {
        redact(URLUserInfo.removed(from: url))
    }

    /// The end of a match of the secret starting at `start`, each of its bytes written either
    /// as itself (ASCII letters in either case) or as `%XX`. The positions the match can have
    /// reached are tracked as a set, since a `%` of the secret can be itself or `%25`.
    private func encodedMatch(in text: [UInt8], from start: Int) -> Int? {
        guard Self.literal(text[start], matches: secret[0]) || text[start] == UInt8(ascii: "%") else { return nil }
        var positions = [start]
        for expected in secret {
            var next: [Int] = []
            for position in positions where position < text.count {
                if Self.literal(text[position], matches: expected) { next.append(position + 1) }
                if let decoded = Self.percentDecoded(text, at: position), Self.literal(decoded, matches: expected) {
                    next.append(position + 3)
                }
            }
            guard !next.isEmpty else { return nil }
            positions = Array(Set(next))
        }
        return positions.max()
    }

    private static func literal(_ byte: UInt8, matches expected: UInt8) -> Bool {
        folded(byte) == folded(expected)
    }

    /// ASCII letters case-folded; other bytes (UTF-8 of a non-ASCII key) compared exactly.
    private static func folded(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }

    private static func percentDecoded(_ text: [UInt8], at position: Int) -> UInt8? {
        guard position + 2 < text.count, text[position] == UInt8(ascii: "%"),
            let high = hexValue(text[position + 1]), let low = hexValue(text[position + 2])
        else { return nil }
        return high << 4 | low
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> [Range<Int>] {
        guard !needle.isEmpty, haystack.count >= needle.count else { return [] }
        var found: [Range<Int>] = []
        for start in 0...(haystack.count - needle.count)
        where haystack[start] == needle[0] && haystack[start..<(start + needle.count)].elementsEqual(needle) {
            found.append(start..<(start + needle.count))
        }
        return found
    }

    /// For each alignment (the key preceded by 0, 1 or 2 bytes), the base64 characters whose
    /// six bits all come from the key: character `j` covers bits `6j..<6j+6` of the input, so it
    /// is stable when those lie within the key's bits `8·offset..<8·(offset+count)`. The URL-safe
    /// alphabet's runs are searched too.
    static func stableBase64Runs(of secret: [UInt8]) -> [[UInt8]] {
        var runs: [[UInt8]] = []
        for offset in 0..<3 {
            let encoded = base64([UInt8](repeating: 0, count: offset) + secret)
            let first = (8 * offset + 5) / 6
            let last = 8 * (offset + secret.count) / 6 - 1
            guard last - first + 1 >= minimumBase64Run, last < encoded.count else { continue }
            let run = Array(encoded[first...last])
            runs.append(run)
            let urlSafe = run.map { Self.urlSafe[Int($0)] }
            if urlSafe != run { runs.append(urlSafe) }
        }
        return runs
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The URL-safe alphabet's character for each standard one (`+` → `-`, `/` → `_`).
    private static let urlSafe: [UInt8] = (0..<256).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "+"): UInt8(ascii: "-")
        case UInt8(ascii: "/"): UInt8(ascii: "_")
        default: UInt8(byte)
        }
    }

    /// Standard base64 without padding (the padding never belongs to a stable run). This target
    /// does without Foundation.
    static func base64(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * $1.offset) }
            for character in 0..<(chunk.count + 1) {
                out.append(alphabet[Int(value >> (18 - 6 * character) & 0x3F)])
            }
            index += 3
        }
        return out
    }
}
