/// Everything one export needs, as values: the CLI builds it from the spec, the store and the
/// command line, and tests build it by hand.
public struct ExportRequest: Sendable {
    /// The review state that makes an item exportable; every other state is left out.
    public static let approvedState = "approved"

    public var format: ExportFormat
    /// The manifest's items; only approved ones are exported, whatever order they come in.
    public var items: [Manifest.Item]
    /// The run's output folder, which `Manifest.Item.path` is relative to.
    public var outputFolder: String
    /// Where the export's files go; created when missing.
    public var destination: String
    /// Marketplace identifiers and categories by product id; products not listed use their
    /// product id and the non-apparel rules.
    public var products: [String: ExportProduct]
    public var merchantImageAttribute: MerchantImageAttribute
    /// libjpeg quality for PNG → JPEG conversion: 90 keeps product edges clean at about a
    /// third of the PNG's size.
    public var jpegQuality: Int

    public init(
        format: ExportFormat, items: [Manifest.Item], outputFolder: String, destination: String,
        products: [String: ExportProduct] = [:], merchantImageAttribute: MerchantImageAttribute = .additionalImageLink,
        jpegQuality: Int = 90
    ) {
        self.format = format
        self.items = items
        self.outputFolder = outputFolder
        self.destination = destination
        self.products = products
        self.merchantImageAttribute = merchantImageAttribute
        self.jpegQuality = jpegQuality
    }

    func product(_ id: String) -> ExportProduct { products[id] ?? ExportProduct() }
}
