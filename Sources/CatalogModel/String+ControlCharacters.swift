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

    /// The text with every control character written as a Swift escape (`\0`, `\n`,
    /// `\u{1B}`), so a message can name a hostile value without printing it raw.
    public var escapingControlCharacters: String {
        guard containsControlCharacter else { return self }
        var escaped = ""
        for scalar in unicodeScalars {
            let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            escaped += isControl ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return escaped
    }
}
