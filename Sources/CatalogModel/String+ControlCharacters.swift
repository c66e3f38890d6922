extension String {
    /// Whether the text holds a control character: C0 (U+0000–U+001F, NUL, tab, CR, LF, ESC…),
    /// DEL (U+007F) or C1 (U+0080–U+009F). Ids must not: a NUL ends a C string (two ids became
    /// one job key), a newline forges a log line, an escape sequence rewrites the terminal.
    /// Byte-level, as it runs for every product of a feed.
    public var containsControlCharacter: Bool {
        var text = self
        return text.withUTF8 { bytes in
            var previous: UInt8 = 0
            for byte in bytes {
                // C1 in UTF-8 is 0xC2 followed by 0x80–0x9F.
                if byte < 0x20 || byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F) { return true }
                previous = byte
            }
            return false
        }
    }

    /// The text with every control character shown as an escape instead of acting: `\n`, `\r`,
    /// `\t`, `\e`, else `\xNN` (C0, DEL) or `\u{NN}` (C1). Messages and text logs name hostile
    /// values this way: a raw ESC would let a server message clear or recolour the terminal, a CR
    /// or LF would let it forge a line of our own (`stored …`).
    public var escapingControlCharacters: String { escapingControlCharacters(keeping: []) }

    /// The same, but the `kept` characters (line breaks of multi-line output, tabs that align a
    /// caret) stay as they are.
    public func escapingControlCharacters(keeping kept: Set<Unicode.Scalar>) -> String {
        guard containsControlCharacter else { return self }
        var escaped = ""
        escaped.reserveCapacity(utf8.count + 8)
        for scalar in unicodeScalars {
            if kept.contains(scalar) {
                escaped.unicodeScalars.append(scalar)
                continue
            }
            switch scalar.value {
            case 0x0A: escaped += "\\n"
            case 0x0D: escaped += "\\r"
            case 0x09: escaped += "\\t"
            case 0x1B: escaped += "\\e"
            case ..<0x20, 0x7F: escaped += "\\x" + Self.twoHexDigits(scalar.value)
            case 0x80...0x9F: escaped += "\\u{" + Self.twoHexDigits(scalar.value) + "}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private static func twoHexDigits(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return digits.count < 2 ? "0" + digits : digits
    }
}
