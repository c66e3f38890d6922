import CatalogModel
import Foundation

/// A reproducible Shopify product CSV with the shapes real exports have and a fast reader is
/// tempted to get wrong: several rows per handle (variant rows, image-only rows), image
/// positions missing, repeated or out of order, variant images that repeat product images,
/// values padded with spaces, tabs and no-break spaces, quoted delimiters, doubled quotes and
/// line breaks (LF and CR LF), non-ASCII text, control characters, backslashes, handles with
/// no images, empty handles and a handle that comes back later (a duplicate id).
///
/// Tests read it before and after a change to the reader and compare: the output is the
/// contract, so it must not move.
public enum VariedShopifyCSV {
    public static let header =
        "Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Variant SKU,"
        + "Variant Price,Variant Barcode,Image Src,Image Position,Image Alt Text,Variant Image,Status,"
        + "Google Shopping / Google Product Category, Custom Label ,SEO Title"

    /// `products` handles (some rejected by design), in rows ending LF or CR LF.
    public static func make(products: Int, seed: UInt64 = 24) -> String {
        var random = SeededRandom(seed: seed)
        var text = header + "\n"
        for index in 0..<products {
            for row in rows(of: index, random: &random) {
                text += row.joined(separator: ",") + (random.next() % 5 == 0 ? "\r\n" : "\n")
            }
        }
        return text
    }

    private static let pieces = [
        "plain", "  padded  ", "\ttabbed\t", "\u{00A0}no-break\u{00A0}", "comma, inside", "say \"hi\"",
        "two\nlines", "crlf\r\nline", "café", "日本語", "emoji 🧢", "back\\slash", "bell\u{07}char", "",
    ]

    private static func rows(of index: Int, random: inout SeededRandom) -> [[String]] {
        let handle: String
        switch index % 97 {
        case 13: handle = ""
        case 41: handle = "product-\(index - 3)"  // seen before: a duplicate id
        case 71: handle = "ctl\u{01}-\(index)"
        default: handle = random.next() % 7 == 0 ? " product-\(index) " : "product-\(index)"
        }
        let noImages = index % 89 == 5
        var rows: [[String]] = []
        let rowCount = 1 + Int(random.next() % 6)
        for row in 0..<rowCount {
            let first = row == 0
            func piece() -> String { pieces[Int(random.next() % UInt64(pieces.count))] }
            func maybe(_ value: String) -> String { first || random.next() % 4 == 0 ? value : "" }
            let image =
                noImages || random.next() % 5 == 0 ? "" : "https://cdn.example.com/p/\(index)/\(random.next() % 4).jpg"
            let position =
                switch random.next() % 6 {
                case 0: ""
                case 1: "x"
                case 2: " \(random.next() % 3) "
                default: "\(random.next() % 5)"
                }
            let variantImage =
                noImages || random.next() % 3 != 0 ? "" : "https://cdn.example.com/p/\(index)/\(random.next() % 6).jpg"
            let fields = [
                handle, maybe("Product \(index) \(piece())"), maybe("<p>\(piece()) body \(index)</p>"),
                maybe("Brand \(index % 11)"), maybe(piece()), maybe("tag-a, \(piece())"), maybe("TRUE"),
                maybe("Size"), "Size \(row)", "SKU-\(index)-\(row)", "\(index % 500).\(row)9", maybe(piece()),
                image, image.isEmpty ? "" : position, maybe(piece()), variantImage, maybe("active"),
                maybe("Apparel > \(piece())"), maybe(piece()), maybe(random.next() % 2 == 0 ? "" : "SEO \(index)"),
            ]
            rows.append(fields.map(quote))
        }
        return rows
    }

    /// Quoted when it has to be, and now and then when it need not be.
    private static func quote(_ field: String) -> String {
        let special = field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        guard special || field.hasPrefix("Brand 3") else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
