import CatalogModel
import Testing

/// `trimmingSurroundingWhitespace` trims every whitespace character at either end, whichever
/// comes first: on main a value that began and ended with a vertical tab or form feed came back
/// untouched (its shortcut knew only space, tab, CR and LF), while one with a space before them
/// lost them.
struct StringTrimmingTests {
    @Test(arguments: [
        ("\u{0B}x\u{0C}", "x"),
        (" \u{0B}x", "x"),
        ("\u{0C}https://x/a.jpg", "https://x/a.jpg"),
        ("\u{A0}x\u{2003}", "x"),
        ("\tx y\n", "x y"),
        ("x", "x"),
        ("", ""),
        (" \u{0B}\u{0C} ", ""),
    ])
    func everyWhitespaceAtEitherEndIsTrimmed(text: String, expected: String) {
        #expect(text.trimmingSurroundingWhitespace() == expected)
    }
}
