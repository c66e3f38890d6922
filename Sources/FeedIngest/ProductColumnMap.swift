import CatalogModel
import Foundation

/// Maps a CSV header onto `Product` fields: the generic profile.
///
/// A column named after a Google Merchant attribute (`id`, `title`, `image_link`, …, compared
/// after trimming, lower-casing and turning spaces into underscores) fills that field; the
/// spec's mapping overrides it; every other column is kept in `attributes`.
struct ProductColumnMap: Sendable {
    private var fieldColumns: [(Product.Field, Int)] = []
    private var additionalImagesColumn: Int?
    private var attributeColumns: [(String, Int)] = []

    static let additionalImagesNames: Set<String> = ["additional_image_link", "additional_image_links"]

    init(header: [String], line: Int = 1, mapping: [String: String], feed: String) throws(FeedError) {
        let names = header.map(Self.normalise)
        var used = Set<Int>()
        func column(named name: String) -> Int? { names.firstIndex(of: Self.normalise(name)) }

        for field in Product.Field.allCases {
            if let mapped = mapping[field.rawValue] {
                guard let index = column(named: mapped) else {
                    throw .missingColumn(
                        feed: feed, line: line, field: field.rawValue, column: mapped, available: header)
                }
                fieldColumns.append((field, index))
                used.insert(index)
            } else if let index = column(named: field.rawValue) {
                fieldColumns.append((field, index))
                used.insert(index)
            }
        }
        guard fieldColumns.contains(where: { $0.0 == .id }) else {
            throw .missingColumn(feed: feed, line: line, field: "id", column: "id", available: header)
        }
        let additionalName = mapping["additional_image_links"]
        additionalImagesColumn =
            additionalName.flatMap(column(named:)) ?? names.firstIndex { Self.additionalImagesNames.contains($0) }
        if let additionalImagesColumn { used.insert(additionalImagesColumn) }
        for (index, name) in names.enumerated() where !used.contains(index) && !name.isEmpty {
            attributeColumns.append((name, index))
        }
    }

    /// The columns kept in `attributes`, by the name products carry them under.
    var attributeNames: [String] { attributeColumns.map(\.0) }

    /// Trimmed, lower-cased, inner spaces and dashes as underscores: `Image Link` → `image_link`.
    static func normalise(_ name: String) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
        return String(trimmed.map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    func product(from record: CSVRecord) -> Product {
        var product = Product(id: "", sourceLine: record.line)
        fill(&product, from: record)
        return product
    }

    /// `product(from:)`'s work on a product it returns: filled in place, the product was copied
    /// out on return and the original destroyed (two passes over its 20 references per row).
    private func fill(_ product: inout Product, from record: CSVRecord) {
        for (field, index) in fieldColumns where index < record.count {
            product[field] = record.trimmed(index)
        }
        if let additionalImagesColumn, additionalImagesColumn < record.count {
            product.additionalImageLinks = record.list(additionalImagesColumn)
        }
        // A one-cell image list (WooCommerce's `Images`): the first is the image, the rest extra.
        // In place: `utf8.contains` went a byte at a time through the generic path.
        let comma = UInt8(ascii: ",")
        let link = product.imageLink.utf8
        if link.withContiguousStorageIfAvailable({ $0.contains(comma) }) ?? link.contains(comma) {
            let links = CommaSeparatedList.items(in: product.imageLink)
            product.imageLink = links.first ?? ""
            product.additionalImageLinks = Array(links.dropFirst()) + product.additionalImageLinks
        }
        for (name, index) in attributeColumns where !record.isEmpty(index) {
            product.attributes[name] = record[index]
        }
    }
}
