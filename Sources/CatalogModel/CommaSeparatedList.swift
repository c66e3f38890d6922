/// `a, b,,c ` → `[a, b, c]`: the lists feeds pack into one cell (`additional_image_link`,
/// WooCommerce's `Images`, `lifestyle_image_link`). Split on the bytes: a comma is one byte in
/// UTF-8 and never part of another character's, and a million-row feed splits one or two
/// such cells per row. (A comma followed by a combining mark, one `Character`, separates two
/// items here: no link list means anything else by it.)
public enum CommaSeparatedList {
    /// The non-empty items, each trimmed of surrounding whitespace.
    public static func items(in text: String) -> [String] {
        var text = text
        return text.withUTF8 { items(in: $0) }
    }

    public static func items(in bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var items: [String] = []
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: ",") {
            // Trimmed as every list always was: any Unicode whitespace at either end (a vertical
            // tab or form feed too), with no copy when the ends are plain characters.
            let item = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                .trimmingSurroundingWhitespace()
            if !item.isEmpty { items.append(item) }
            start = index + 1
        }
        return items
    }
}
