extension String {
    /// Whether the text holds a control character: C0 (U+0000–U+001F, NUL, tab, CR, LF, ESC…),
    /// DEL (U+007F) or C1 (U+0080–U+009F). Ids must not: a NUL ends a C string (two ids became
    /// one job key), a newline forges a log line, an escape sequence rewrites the terminal.
    /// Byte-level, as it runs for every product of a feed.
    public var containsControlCharacter: Bool {
        withUTF8Bytes { bytes in
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
    ///
    /// By bytes, runs without a control character copied whole: `plan --format json` prints one
    /// line break per field, so the whole document took this path, and a character at a time
    /// (each looked up in `kept`) it was a third of a large plan's time.
    public func escapingControlCharacters(keeping kept: Set<Unicode.Scalar>) -> String {
        guard containsControlCharacter else { return self }
        let keeps = KeptControls(kept)
        var escaped: [UInt8] = []
        escaped.reserveCapacity(utf8.count + 16)
        var text = self
        text.withUTF8 { bytes in
            var start = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                // C1 in UTF-8 is 0xC2 followed by 0x80–0x9F, as `containsControlCharacter` reads it.
                let c1 = byte == 0xC2 && index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1])
                let control: UInt32? = byte < 0x20 || byte == 0x7F ? UInt32(byte) : c1 ? UInt32(bytes[index + 1]) : nil
                guard let control, !keeps.contains(control) else {
                    index += c1 ? 2 : 1
                    continue
                }
                escaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                escaped.append(contentsOf: Self.escape(control).utf8)
                index += c1 ? 2 : 1
                start = index
            }
            escaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    /// `\n`, `\r`, `\t`, `\e`; `\xNN` for the rest of C0 and DEL; `\u{NN}` for C1.
    private static func escape(_ control: UInt32) -> String {
        switch control {
        case 0x0A: "\\n"
        case 0x0D: "\\r"
        case 0x09: "\\t"
        case 0x1B: "\\e"
        case 0x80...0x9F: "\\u{" + twoHexDigits(control) + "}"
        default: "\\x" + twoHexDigits(control)
        }
    }

    private static func twoHexDigits(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return digits.count < 2 ? "0" + digits : digits
    }
}

/// Which control characters `escapingControlCharacters(keeping:)` leaves as they are, as bits:
/// C0 and DEL in one word (DEL as bit 32), C1 in another.
private struct KeptControls {
    private var c0: UInt64 = 0
    private var c1: UInt64 = 0

    init(_ kept: Set<Unicode.Scalar>) {
        for scalar in kept {
            switch scalar.value {
            case ..<0x20: c0 |= 1 << UInt64(scalar.value)
            case 0x7F: c0 |= 1 << 32
            case 0x80...0x9F: c1 |= 1 << UInt64(scalar.value - 0x80)
            default: break
            }
        }
    }

    func contains(_ control: UInt32) -> Bool {
        switch control {
        case ..<0x20: c0 & (1 << UInt64(control)) != 0
        case 0x7F: c0 & (1 << 32) != 0
        default: c1 & (1 << UInt64(control - 0x80)) != 0
        }
    }
}
