/// Text a spreadsheet would run as a formula when the file is opened (CSV injection, OWASP):
/// a cell whose first non-space character is `=`, `+`, `-`, `@`, a tab or a carriage return.
/// Product text comes from a merchant's feed, which anyone with write access to the catalogue
/// (or a compromised supplier feed) controls.
enum SpreadsheetFormula {
    static let leadingCharacters: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    static func looksLikeFormula(_ text: String) -> Bool {
        guard let first = text.first(where: { $0 != " " }) else { return false }
        return leadingCharacters.contains(first)
    }
}
