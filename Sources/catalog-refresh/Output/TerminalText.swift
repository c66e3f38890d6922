/// Text made safe for a terminal: every control character a server, a feed or a file name may
/// carry is shown as an escape instead of acting. A raw ESC would let a server message clear
/// the screen or recolour it, a CR or LF would let it forge a line of our own (`stored …`).
enum TerminalText {
    /// C0 controls (including TAB, CR, LF, ESC), DEL and C1 controls escaped: `\n`, `\r`, `\t`,
    /// `\e`, else `\xNN` (C0, DEL) or `\u{NN}` (C1, which are two bytes in UTF-8).
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{1B}": out += "\\e"
            case _ where scalar.value < 0x80: out += "\\x" + hex(scalar.value)
            default: out += "\\u{" + hex(scalar.value) + "}"
            }
        }
        return out
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return digits.count < 2 ? "0" + digits : digits
    }
}
