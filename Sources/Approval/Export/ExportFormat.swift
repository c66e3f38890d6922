/// The channels an export is written for. Each one decides which files are written and which
/// marketplace image rules the approved images must pass before they are included.
public enum ExportFormat: String, Sendable, CaseIterable, Codable {
    case shopify
    case merchantCenter = "merchant-center"
    case amazon
    case csv
    case json

    /// The file (or folder) names an export of this format writes into the destination, so
    /// the CLI can name them before the export runs and a scheduler can pick them up after.
    public var fileNames: [String] {
        switch self {
        case .shopify: ["shopify-images.csv"]
        case .merchantCenter: ["merchant-center-supplemental.tsv", "merchant-center-supplemental.xml"]
        case .amazon: [AmazonExport.folderName + "/", AmazonExport.zipName]
        case .csv: ["approved-images.csv"]
        case .json: ["approved-images.json"]
        }
    }
}

/// Which Merchant Center attribute a supplemental feed sets. Both take several images per item
/// id; `lifestyle_image_link` is for images that show the product in use, which is what most
/// generated scenes are, so a marketplace team chooses per export.
public enum MerchantImageAttribute: String, Sendable, CaseIterable, Codable {
    case additionalImageLink = "additional_image_link"
    case lifestyleImageLink = "lifestyle_image_link"
}
