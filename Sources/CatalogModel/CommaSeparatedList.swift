/// `a, b,,c ` → `[a, b, c]`: the lists feeds pack into one cell (`additional_image_link`,
/// WooCommerce's `Images`, `lifestyle_image_link`). Split on the bytes: a comma is one byte in
/// UTF-8 and never part of another character's, and a million-row feed splits one or two
/// such cells per row. (A comma followed by a combining mark, one `Character`, separates two
/// items here: no link list means anything else by it.)
public enum CommaSeparatedList {
    /// The non-empty items, each trimmed of surrounding whitespace.
    public static func items(in text: String) -> [String] {
        text.withUTF8Bytes { items(in: $0) }
    }

    public static func items(in bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        // Room for every item at once: grown one append at a time, two links took two
        // allocations.
        guard !bytes.isEmpty else { return [] }
        var items: [String] = []
        items.reserveCapacity(bytes.count(where: { $0 == UInt8(ascii: ",") }) + 1)
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: ",") {
            if let item = trimmedItem(bytes, from: start, to: index), !item.isEmpty { items.append(item) }
            start = index + 1
        }
        return items
    }

    /// The item in `bytes[start..<end]`, trimmed as every list always was: any Unicode whitespace
    /// at either end (a vertical tab or form feed too). ASCII whitespace is dropped on the bytes,
    /// before any string is made; only an item whose trimmed ends are not ASCII is trimmed as a
    /// string (`trimmingSurroundingWhitespace`), where a non-ASCII space or a combining mark
    /// after a space decides what goes. Made and then trimmed as a string, each link of a
    /// million-row feed was retained and released twice more.
    private static func trimmedItem(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> String? {
        func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        var lower = start
        var upper = end
        while lower < upper && isASCIISpace(bytes[lower]) { lower += 1 }
        while upper > lower && isASCIISpace(bytes[upper - 1]) { upper -= 1 }
        guard lower < upper else { return nil }
        guard bytes[lower] < 0x80 && bytes[upper - 1] < 0x80 else {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                .trimmingSurroundingWhitespace()
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)
    }
}
