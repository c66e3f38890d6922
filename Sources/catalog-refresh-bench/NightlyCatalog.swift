import Foundation
import PipelineSpec

/// The nightly benchmark's catalog in one folder: a generic Google-attribute CSV of `products`
/// rows, and two specs over it that differ only in their output folder, one for the store in
/// which every output is current (`spec`) and one that has never run (`emptyStoreSpec`), so
/// `plan` can be timed against an empty store on the very same feed.
struct NightlyCatalog {
    let folder: URL
    let products: Int
    let variants: Int

    var feed: String { folder.appendingPathComponent("feed.csv").path }
    var spec: String { folder.appendingPathComponent("nightly.yml").path }
    var emptyStoreSpec: String { folder.appendingPathComponent("plan-empty-store.yml").path }
    var outputFolder: String { folder.appendingPathComponent("out").path }

    /// The prompt, as the spec writes it (Mustache) and as the Python peer writes it
    /// (`str.format`): the two must render the same text for every job.
    static let promptTemplate =
        "Professional e-commerce photo of the {{title}} by {{brand}} ({{product_type}}), {{background.text}}. "
        + "Keep the product exactly as in the reference image: same shape, colours and details."
    static let pythonPromptTemplate =
        "Professional e-commerce photo of the {title} by {brand} ({product_type}), {background}. "
        + "Keep the product exactly as in the reference image: same shape, colours and details."

    /// The background variants' ids and texts, `bg-1` … `bg-V`.
    var backgrounds: [(id: String, text: String)] {
        (1...max(1, variants)).map { number in
            ("bg-\(number)", "on seamless studio backdrop number \(number) with a soft shadow, high-key lighting")
        }
    }

    /// Writes the feed and both specs; returns the feed's size in bytes.
    func write() throws -> Int {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let written = try SyntheticFeeds.writeGoogleAttributesCSV(to: feed, products: products)
        guard written == products else { throw BenchmarkError("wrote \(written) of \(products) products") }
        try specText(outputFolder: "out").write(toFile: spec, atomically: true, encoding: .utf8)
        try specText(outputFolder: "out-empty").write(toFile: emptyStoreSpec, atomically: true, encoding: .utf8)
        return (try FileManager.default.attributesOfItem(atPath: feed)[.size] as? Int) ?? 0
    }

    /// Builds the store of the night before in `outputFolder`: every job of `spec` current.
    @discardableResult
    func buildCurrentStore() throws -> CurrentOutputsStore.Built {
        try CurrentOutputsStore.build(for: try SpecLoader.load(path: spec))
    }

    private func specText(outputFolder: String) -> String {
        let variantLines = backgrounds.map { "    - id: \($0.id)\n      text: \"\($0.text)\"" }
        return """
            version: 1
            name: nightly-bench

            feed:
              source: feed.csv
              profile: generic-csv

            variants:
              background:
            \(variantLines.joined(separator: "\n"))

            prompt: "\(Self.promptTemplate)"

            references:
              - image_link
              - additional_image_links[0]

            image:
              model: gpt-image-2
              size: "1:1"
              resolution: 1K
              quality: low

            output:
              folder: \(outputFolder)

            """
    }
}
