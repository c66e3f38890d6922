import CatalogModel
import Testing

/// `escapingControlCharacters(keeping:)` works on bytes; it must say exactly what the
/// character-by-character rule it replaced says, for any text and any characters kept.
struct ControlCharacterEscapingTests {
    @Test func eachControlIsShownAsItsEscape() {
        let text = "a\nb\r\t\u{1B}\u{07}\u{00}\u{7F}\u{85}\u{9F}c\u{A0}é😀"
        #expect(text.escapingControlCharacters == "a\\nb\\r\\t\\e\\x07\\x00\\x7f\\u{85}\\u{9f}c\u{A0}é😀")
        #expect(
            text.escapingControlCharacters(keeping: ["\n", "\t", "\u{85}", "\u{7F}"])
                == "a\nb\\r\t\\e\\x07\\x00\u{7F}\u{85}\\u{9f}c\u{A0}é😀")
        #expect("plain, no controls: é😀".escapingControlCharacters(keeping: ["\n"]) == "plain, no controls: é😀")
        #expect("\n".escapingControlCharacters(keeping: ["\n"]) == "\n")
        #expect("\u{C2}\u{80}".escapingControlCharacters == "Â\\u{80}")
    }

    /// Random texts of ASCII, every kind of control, non-ASCII neighbours of C1 (U+00A0, U+0100,
    /// a combining mark) and emoji, against the character-by-character rule, with random sets
    /// of kept characters.
    @Test func bytesEscapeAsTheCharacterRuleDid() {
        var random = SeededRandom(seed: 24)
        let pieces: [String] = [
            "a", "Z", " ", "\n", "\r", "\t", "\u{1B}", "\u{00}", "\u{07}", "\u{1F}", "\u{7F}", "\u{80}", "\u{85}",
            "\u{9F}", "\u{A0}", "\u{100}", "e\u{301}", "😀", "\u{C2}", "€",
        ]
        let keepable: [Unicode.Scalar] = ["\n", "\t", "\r", "\u{1B}", "\u{7F}", "\u{85}", "\u{9F}", "a", "\u{A0}"]
        for _ in 0..<2_000 {
            let text = (0..<Int(random.next() % 24)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }
                .joined()
            let kept = Set(keepable.filter { _ in random.next() % 3 == 0 })
            #expect(text.escapingControlCharacters(keeping: kept) == Self.characterRule(text, keeping: kept))
        }
    }

    /// The rule as it was written, a character at a time.
    static func characterRule(_ text: String, keeping kept: Set<Unicode.Scalar>) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            if kept.contains(scalar) {
                escaped.unicodeScalars.append(scalar)
                continue
            }
            let hex = String(scalar.value, radix: 16)
            let twoDigits = hex.count < 2 ? "0" + hex : hex
            switch scalar.value {
            case 0x0A: escaped += "\\n"
            case 0x0D: escaped += "\\r"
            case 0x09: escaped += "\\t"
            case 0x1B: escaped += "\\e"
            case ..<0x20, 0x7F: escaped += "\\x" + twoDigits
            case 0x80...0x9F: escaped += "\\u{" + twoDigits + "}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
