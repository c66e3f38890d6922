import Foundation

/// Product text and URLs made safe for the feed formats exports write. Titles and ids come
/// from a merchant's feed and may hold quotes, commas, tabs, line breaks, markup or any
/// script; each format gets exactly the escaping its parser expects, nothing more.
enum FeedText {
    /// Tabs and line breaks become spaces: a TSV record is one line, and an id or alt text
    /// with a line break in it would not match anything on the marketplace anyway.
    static func singleLine(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    switch scalar {
                    case "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}": " "
                    default: scalar
                    }
                }))
    }

    /// A Merchant Center TSV cell: on one line, and in double quotes with quotes doubled when
    /// it holds a quote, because Google's "quoted fields" parsing (on by default) would
    /// otherwise read a leading quote as the start of a quoted value.
    static func tsvCell(_ text: String) -> String {
        let line = singleLine(text)
        guard line.contains("\"") else { return line }
        return "\"" + line.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// XML character data or attribute text: the five markup characters escaped, and the
    /// control characters XML 1.0 forbids dropped (a feed with one is not well-formed and
    /// Google rejects the whole file, not the item).
    static func xmlEscaped(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// The URL as an ASCII, RFC 3986 string: bytes outside the URI character set are
    /// percent-encoded (existing `%XX` escapes are kept). With `encodingCommas`, commas become
    /// `%2C` too, as Google asks for URLs inside comma-separated image lists.
    static func asciiURL(_ url: String, encodingCommas: Bool = false) -> String {
        let allowed = Set(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+;=%".utf8)
        var encoded = ""
        for byte in url.utf8 {
            if allowed.contains(byte) || (byte == UInt8(ascii: ",") && !encodingCommas) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded +=
                    "%" + String(byte >> 4, radix: 16, uppercase: true)
                    + String(byte & 0x0F, radix: 16, uppercase: true)
            }
        }
        return encoded
    }
}
