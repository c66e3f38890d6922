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
    /// that need no escape are copied whole.
    public static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        var text = text
        out.append(UInt8(ascii: "\""))
        text.withUTF8 { bytes in
            var runStart = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                runStart = index + 1
                switch byte {
                case 0x22: out.append(contentsOf: [0x5C, 0x22])
                case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: Array("\\u00".utf8))
                    out.append(contentsOf: [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
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
