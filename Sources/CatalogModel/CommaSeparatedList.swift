/// `a, b,,c ` → `[a, b, c]`: the lists feeds pack into one cell (`additional_image_link`,
/// WooCommerce's `Images`, `lifestyle_image_link`). Split on the bytes: a comma is one byte in
/// UTF-8 and never part of another character's, and a million-row feed splits one or two
/// such cells per row.
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
            let item = String(trimming: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            if !item.isEmpty { items.append(item) }
            start = index + 1
        }
        return items
    }
}
