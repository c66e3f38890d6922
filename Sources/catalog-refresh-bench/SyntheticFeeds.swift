import Foundation

/// Writes synthetic feeds of a given size, streamed to disk so generating them never holds the
/// feed in memory: Google Merchant RSS with the `g:` namespace, and a Shopify-style CSV with
/// quoted multi-line descriptions and several image columns.
enum SyntheticFeeds {
    static func description(_ index: Int) -> String {
        "Hand-finished piece number \(index), made from recycled materials.\nCare: wipe clean; "
            + "do not machine wash. Dimensions 30 x 20 x 10 cm, \"studio\" edition, limited run."
    }

    static func writeGoogleMerchantXML(to path: String, targetBytes: Int) throws -> Int {
        try write(to: path, targetBytes: targetBytes) { index in
            let images = (1...3).map {
                "<g:additional_image_link>https://cdn.example.com/p/\(index)/\($0).jpg</g:additional_image_link>"
            }
            return """
                <item><g:id>SKU-\(index)</g:id><g:title>Product \(index) &amp; friends</g:title>\
                <g:description>\(description(index))</g:description><g:link>https://shop.example.com/p/\(index)</g:link>\
                <g:image_link>https://cdn.example.com/p/\(index)/0.jpg</g:image_link>\(images.joined())\
                <g:price>\(index % 500).99 USD</g:price><g:availability>in stock</g:availability><g:brand>Brand \(index % 40)</g:brand>\
                <g:shipping><g:country>US</g:country><g:price>4.99 USD</g:price></g:shipping></item>

                """
        } header: {
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:g=\"http://base.google.com/ns/1.0\"><channel>\n"
        } footer: {
            "</channel></rss>\n"
        }
    }

    static func writeShopifyCSV(to path: String, targetBytes: Int) throws -> Int {
        try write(to: path, targetBytes: targetBytes) { index in
            let body = description(index).replacingOccurrences(of: "\"", with: "\"\"")
            var rows =
                "product-\(index),Product \(index),\"<p>\(body)</p>\",Brand \(index % 40),Type \(index % 9),\"tag-a, tag-b\","
                + "https://cdn.example.com/p/\(index)/1.jpg,1,SKU-\(index),\(index % 500).99\n"
            for position in 2...3 {
                rows += "product-\(index),,,,,,https://cdn.example.com/p/\(index)/\(position).jpg,\(position),,\n"
            }
            return rows
        } header: {
            "Handle,Title,Body (HTML),Vendor,Type,Tags,Image Src,Image Position,Variant SKU,Variant Price\n"
        } footer: {
            ""
        }
    }

    /// Writes `header`, records until `targetBytes` or `records` of them, then `footer`; returns
    /// the record count.
    static func write(
        to path: String, targetBytes: Int = .max, records: Int = .max, record: (Int) -> String,
        header: () -> String, footer: () -> String
    ) throws -> Int {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteNoPermission) }
        defer { try? handle.close() }
        var buffer = Data(header().utf8)
        var written = 0
        var count = 0
        while written + buffer.count < targetBytes && count < records {
            count += 1
            buffer.append(contentsOf: record(count).utf8)
            if buffer.count >= 1 << 20 {
                try handle.write(contentsOf: buffer)
                written += buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
        buffer.append(contentsOf: footer().utf8)
        try handle.write(contentsOf: buffer)
        return count
    }
}
