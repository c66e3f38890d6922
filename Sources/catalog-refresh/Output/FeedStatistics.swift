import CatalogModel
import FeedIngest
import Foundation

/// `catalog-refresh feed --stats`: what the feed fills, what it rejects and how fast it reads.
enum FeedStatistics {
    static func count(_ product: Product, into counts: inout [String: Int]) {
        for field in Product.Field.allCases where !product[field].isEmpty { counts[field.rawValue, default: 0] += 1 }
        if !product.additionalImageLinks.isEmpty { counts["additional_image_links", default: 0] += 1 }
        for name in product.attributes.keys { counts["attributes.\(name)", default: 0] += 1 }
    }

    static func print(report: FeedReport, fieldCounts: [String: Int], elapsed: Duration) {
        let seconds = elapsed.seconds
        Console.err("profile: \(report.profile.rawValue)")
        Console.err("products: \(report.productsRead), rejected: \(report.rejectedCount)")
        let megabytes = Double(report.bytesRead) / 1_048_576
        Console.err(
            "bytes: \(report.bytesRead) in \(String(format: "%.3f", seconds)) s "
                + "(\(String(format: "%.1f", megabytes / max(seconds, 1e-9))) MB/s, "
                + "\(Int(Double(report.productsRead) / max(seconds, 1e-9))) products/s)")
        Console.err("fields filled:")
        let ordered = Product.Field.allCases.map(\.rawValue) + ["additional_image_links"]
        for name in ordered + fieldCounts.keys.filter({ !ordered.contains($0) }).sorted() {
            guard let count = fieldCounts[name] else { continue }
            Console.err("  \(name): \(count)")
        }
        if !report.rejectionsByKind.isEmpty {
            Console.err("rejected by reason:")
            for (reason, count) in report.rejectionsByKind.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
                Console.err("  \(reason): \(count)")
            }
        }
    }
}
