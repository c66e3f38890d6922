import CatalogModel
import Foundation
import Testing

struct JSONTextTests {
    @Test(arguments: [
        "", "plain", "https://x.example/a?b=1&c=%20", "quote \" inside", "back\\slash", "line\nbreak\r\ttab",
        "nul \u{0} and \u{1F} and \u{7F}", "caf\u{E9} \u{1F600} \u{301}", "\"\\\"",
    ])
    func quotedTextReadsBackAsItself(_ text: String) throws {
        let quoted = JSONText.quoted(text)
        var appended: [UInt8] = Array("x".utf8)
        JSONText.appendQuoted(text, to: &appended)
        #expect(appended == Array(("x" + quoted).utf8), "the byte writer writes what `quoted` does")
        #expect(try JSONDecoder().decode(String.self, from: Data(quoted.utf8)) == text)
        #expect(
            !quoted.unicodeScalars.dropFirst().dropLast().contains { $0.value < 0x20 }, "control characters escaped")
    }

    @Test func onlyWhatJSONRequiresIsEscaped() {
        #expect(JSONText.quoted("a/b caf\u{E9}") == "\"a/b caf\u{E9}\"")
        #expect(JSONText.quoted("a\"b\\c\u{1}") == "\"a\\\"b\\\\c\\u0001\"")
        var bytes: [UInt8] = []
        JSONText.appendQuoted("\u{1B}[0m\u{1F}", to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "\"\\u001b[0m\\u001f\"")
    }

    /// The byte writer scans eight bytes at a time: an escape at every offset of a word and of
    /// the tail, next to ASCII and multi-byte neighbours, must come out as `quoted` writes it.
    @Test(arguments: ["\"", "\\", "\n", "\u{0}", "\u{1F}", " ", "\u{7F}", "\u{E9}", "!", "#", "[", "]"])
    func everyOffsetOfAWordIsEscapedAlike(_ special: String) {
        for length in 1...19 {
            for offset in 0..<length {
                for filler in ["a", "\u{E9}", "\u{1F600}"] {
                    let text =
                        String(repeating: filler, count: offset) + special
                        + String(repeating: filler, count: length - offset - 1)
                    var appended: [UInt8] = []
                    JSONText.appendQuoted(text, to: &appended)
                    #expect(appended == Array(JSONText.quoted(text).utf8), "\(length) \(offset) \(filler)")
                }
            }
        }
    }
}
