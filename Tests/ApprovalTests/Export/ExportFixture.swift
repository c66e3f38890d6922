import Approval
import AssetStorage
import CatalogModel
import CatalogTestSupport
import Foundation
import JobStore

/// A small run's output folder with real PNG files and its manifest items, whose product text
/// carries what breaks careless feed writers: quotes, commas, tabs, line breaks, markup, a
/// formula and non-Latin script, in titles and in product ids. Sizes are chosen to hit each marketplace rule.
struct ExportFixture {
    struct Image {
        var productID: String
        var title: String
        var scene: String
        var width: Int
        var height: Int
        var state = "approved"
        var hasPublicURL = true
        /// The file's bytes when a test crafts them (compliance tests); a solid colour otherwise.
        var png: [UInt8]? = nil
        /// The variant axis the scene is an option of.
        var axis = "scene"
    }

    static let publicBaseURL = "https://cdn.example.com/catalog"

    static let images: [Image] = [
        Image(productID: "Q-1", title: "Mug \"Classic\", 12 oz", scene: "marble", width: 1200, height: 1200),
        Image(productID: "Q-1", title: "Mug \"Classic\", 12 oz", scene: "winter", width: 1000, height: 1000),
        Image(
            productID: "Q-1", title: "Mug \"Classic\", 12 oz", scene: "summer", width: 1000, height: 1000,
            hasPublicURL: false),
        Image(productID: "S-2", title: "<script>alert('x')</script> Lamp", scene: "marble", width: 1000, height: 800),
        Image(productID: "N-3", title: "Two-line\ntitle", scene: "marble", width: 1024, height: 1024),
        Image(productID: "U-4", title: "日本の急須 — Ø 10 cm", scene: "marble", width: 1000, height: 1000),
        Image(productID: "F-5", title: "=HYPERLINK(\"http://evil\")", scene: "marble", width: 200, height: 200),
        Image(productID: "C,7\"x", title: "Comma, \"quote\"\tand tab", scene: "marble", width: 1000, height: 1000),
        Image(productID: "<i>X-8</i>", title: "Tag & <b>bold</b>", scene: "marble", width: 1000, height: 1000),
        Image(productID: "日本-9", title: "急須 セット", scene: "marble", width: 1000, height: 1000),
        Image(productID: "T\t10\nx", title: "Tabbed\tid", scene: "marble", width: 1000, height: 1000),
        Image(productID: "P-6", title: "Pending product", scene: "marble", width: 1000, height: 1000, state: "pending"),
        Image(
            productID: "R-7", title: "Rejected product", scene: "marble", width: 1000, height: 1000, state: "rejected"),
    ]

    /// F-5 is apparel, so Google's 250 × 250 minimum applies to it.
    static let products: [String: ExportProduct] = ["F-5": ExportProduct(isApparel: true)]

    let output: TemporaryDirectory
    let items: [Manifest.Item]

    init(images: [Image] = Self.images) throws {
        output = try TemporaryDirectory(prefix: "catalog-refresh-export")
        var stored: [StoredItem] = []
        for (index, image) in images.enumerated() {
            let key = JobKey(productID: image.productID, variantID: "\(image.axis)=\(image.scene)")
            let path = OutputNaming.relativePath(for: key, fileExtension: "png")
            let color = (
                UInt8(truncatingIfNeeded: 40 + index * 20), UInt8(truncatingIfNeeded: 200 + index * 15),
                UInt8(truncatingIfNeeded: 90 + index * 10)
            )
            let png =
                image.png
                ?? TestPNG.encode(width: image.width, height: image.height, color: color, transparentCorner: 40)
            try output.write(png, to: path)
            let job = Job(
                key: key, productTitle: image.title,
                variant: Variant(options: [VariantOption(axis: image.axis, id: image.scene, fields: [:])]),
                prompt: "\(image.title) in a \(image.scene) scene", references: [], settings: ImageSettings(),
                estimatedCost: Money(usd: 0.01))
            let record = JobRecord(job: job, state: .stored, taskID: "task-\(index)")
            stored.append(
                StoredItem(
                    record: record,
                    output: OutputRecord(
                        path: path, sha256: SHA256.hash(png).hex, format: "png", width: image.width,
                        height: image.height, bytes: png.count, taskID: "task-\(index)",
                        fingerprint: job.fingerprint.hex)))
        }
        let manifest = try ManifestBuilder(
            storage: FileAssetStorage(root: output.path), publicBaseURL: Self.publicBaseURL
        )
        .build(spec: .init(name: "export-fixture", file: "pipelines/export-fixture.yml"), items: stored)
        // The store's order is not the export's: hand the items over reversed.
        items = zip(manifest.items, images).map { item, image in
            var item = item
            item.reviewState = image.state
            if !image.hasPublicURL { item.publicURL = nil }
            // What a run records: a listing with no own web images (the fixture's feed has none).
            item.listing = Listing()
            return item
        }.reversed()
    }

    func request(_ format: ExportFormat, into destination: String, items: [Manifest.Item]? = nil) -> ExportRequest {
        ExportRequest(
            format: format, items: items ?? self.items, outputFolder: output.path, destination: destination,
            products: Self.products)
    }
}
