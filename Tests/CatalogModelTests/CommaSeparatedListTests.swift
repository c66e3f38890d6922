import CatalogModel
import Testing

/// The lists feeds pack into one cell, split on their bytes.
struct CommaSeparatedListTests {
    @Test(arguments: [
        ("a,b", ["a", "b"]),
        (" a , b ,c ", ["a", "b", "c"]),
        ("a,,b,", ["a", "b"]),
        (",,, ,\t,", []),
        ("", []),
        ("only", ["only"]),
        ("\u{00A0}https://x/1.jpg\u{00A0}, https://x/2.jpg\n", ["https://x/1.jpg", "https://x/2.jpg"]),
        ("café.jpg,naïve.png", ["café.jpg", "naïve.png"]),
        ("日本,語", ["日本", "語"]),
        ("a\u{3000},\u{3000}b", ["a", "b"]),
        // Review of this change: vertical tab and form feed at an edge are whitespace too (a
        // link left with one is refused, and the whole product with it).
        ("https://x/a.jpg, \u{0B}", ["https://x/a.jpg"]),
        (" \u{0C}https://x/b.jpg,\u{0B}https://x/c.jpg\u{0C}", ["https://x/b.jpg", "https://x/c.jpg"]),
        ("\u{85}a\u{2028},b", ["a", "b"]),
    ])
    func itemsAreTrimmedAndEmptyOnesDropped(text: String, expected: [String]) {
        #expect(CommaSeparatedList.items(in: text) == expected)
    }

    /// What the old `split(separator: ",")` on characters gave, on every list it agrees on.
    @Test func agreesWithSplittingOnCharacters() {
        for text in ["https://a/1.jpg, https://a/2.jpg", " x ,y,, z", "é, ü ,ö"] {
            let byCharacters = text.split(separator: ",").map { String($0).trimmingSurroundingWhitespace() }
                .filter { !$0.isEmpty }
            #expect(CommaSeparatedList.items(in: text) == byCharacters)
        }
    }

    /// Trimming on the bytes gives what trimming each item as a string gives, on lists built from
    /// the characters where the two could part: ASCII and non-ASCII spaces, CR LF, combining
    /// marks (one after a space makes a single whitespace character with it), letters.
    @Test func trimmingOnBytesAgreesWithTrimmingEachItemAsAString() {
        let pieces = [
            " ", "\t", "\r", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{A0}", "\u{85}", "\u{3000}", "\u{301}",
            "\u{200D}", "a", "é", "日", "/", ",", ",",
        ]
        var generator = SeededRandom(seed: 24)
        for _ in 0..<5000 {
            let count = Int(generator.next() % 12)
            let text = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let byItems = text.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self).trimmingSurroundingWhitespace() }
                .filter { !$0.isEmpty }
            #expect(CommaSeparatedList.items(in: text) == byItems, "\(Array(text.unicodeScalars))")
        }
    }

}
