extension SyntheticFeeds {
    /// A generic CSV with Google's attribute names, as many merchants export it: issue #24's
    /// shape, about 210 bytes a row (1,000,000 rows ≈ 204 MB). Every row has quoted fields (a
    /// comma in the title, two links in `additional_image_link`), as real exports do, so the
    /// reader's quoted path is on the clock.
    static func writeGoogleAttributesCSV(to path: String, products: Int) throws -> Int {
        try write(to: path, records: products) { index in
            "SKU-\(index),\"Product \(index), deluxe\",\"Piece \(index), recycled; wipe clean.\",Brand \(index % 50),"
                + "Type \(index % 12),\(index % 300).50 USD,https://cdn.example.com/p/\(index)/0.jpg,"
                + "\"https://cdn.example.com/p/\(index)/1.jpg,https://cdn.example.com/p/\(index)/2.jpg\"\n"
        } header: {
            "id,title,description,brand,product_type,price,image_link,additional_image_link\n"
        } footer: {
            ""
        }
    }
}
