/// JSON text written by hand on paths that run for every job (a job's every transition, every
/// submission), where an encoder's overhead would be paid each time, or where the layout is ours
/// (JSON Lines).
public enum JSONText {
    /// A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped.
    public static func quoted(_ text: String) -> String {
        // Most text (keys, URLs, ids) needs no escape: one byte scan instead of a scalar loop.
        let needsEscape = text.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        guard needsEscape else { return "\"" + text + "\"" }
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `quoted(text)`'s bytes appended to `out`: the same escapes, with no `String` made. Runs
    /// that need no escape are found eight bytes at a time and copied whole: `feed` writes every
    /// field of every product through here.
    public static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        // Borrowed (`withUTF8Bytes`): a copy for `withUTF8` costs a retain and a release per field.
        text.withUTF8Bytes { appendQuoted($0, to: &out) }
    }

    /// The same for valid UTF-8 bytes.
    public static func appendQuoted(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        guard let base = bytes.baseAddress else {
            out.append(UInt8(ascii: "\""))
            return
        }
        var runStart = 0
        while true {
            let index = firstByteToEscape(in: base, from: runStart, to: bytes.count)
            if index > runStart {
                out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - runStart))
            }
            guard index < bytes.count else { break }
            appendEscape(of: base[index], to: &out)
            runStart = index + 1
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(of byte: UInt8, to out: inout [UInt8]) {
        out.append(0x5C)
        switch byte {
        case 0x22, 0x5C: out.append(byte)
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        default:
            let hex = Array("0123456789abcdef".utf8)
            out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            out.append(contentsOf: [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
        }
    }

    /// The index of the first control character, quote or backslash in `start..<end`, or `end`;
    /// a word at a time (SWAR). A word's lowest mark is exact (a borrow only marks bytes above a
    /// true match), and bytes of 0x80 and up are never marked, so UTF-8 passes through.
    @inline(__always)
    private static func firstByteToEscape(in bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = ones &* 0x22
        let backslashes = ones &* 0x5C
        var index = start
        let raw = UnsafeRawPointer(bytes)
        while index + 8 <= end {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let control = (word &- ones &* 0x20) & ~word & highs
            let quote = ((word ^ quotes) &- ones) & ~(word ^ quotes) & highs
            let backslash = ((word ^ backslashes) &- ones) & ~(word ^ backslashes) & highs
            let found = control | quote | backslash
            if found != 0 { return index + found.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < end {
            let byte = bytes[index]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C { return index }
            index += 1
        }
        return end
    }

    /// `["a","b"]`.
    public static func array(_ strings: [String]) -> String {
        "[" + strings.map(quoted).joined(separator: ",") + "]"
    }

    /// An object from members already rendered as JSON, in the order given (`nil` values are
    /// left out).
    public static func object(_ members: KeyValuePairs<String, String?>) -> String {
        "{" + members.compactMap { name, value in value.map { quoted(name) + ":" + $0 } }.joined(separator: ",") + "}"
    }
}
