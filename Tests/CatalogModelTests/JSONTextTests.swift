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
}
