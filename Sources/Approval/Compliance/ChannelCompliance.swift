/// How one image stands against one channel's rules, as the review page shows it before
/// anyone approves: the reviewer sees "background 0.0% pure white" next to the image instead
/// of learning it from a failed export.
public struct ChannelCompliance: Sendable, Codable, Equatable {
    /// `amazon_main`, `amazon`, `merchant_center` or `shopify`.
    public var channel: String
    /// "Amazon MAIN", for people.
    public var label: String
    /// Each broken rule, with the measured value.
    public var violations: [String]
    /// Findings that do not keep the image out.
    public var warnings: [String]

    public var passes: Bool { violations.isEmpty }
}

/// Which channels the review page judges images for, and which variant is Amazon's MAIN: the
/// spec's `exports:` section, as `ReviewContext` reads it.
public struct ComplianceChannels: Sendable, Equatable {
    public var amazon: Bool
    public var merchantCenter: Bool
    public var shopify: Bool
    public var amazonMain: [String: String]
    /// Merchant Center gets `lifestyle_image_link`, which leaves the MAIN packshot out.
    public var merchantLifestyle: Bool
    /// `exports.amazon.conform_main`: a MAIN the export can conform is shown as what it ships.
    public var conformMain: Bool

    public init(
        amazon: Bool = true, merchantCenter: Bool = true, shopify: Bool = true, amazonMain: [String: String] = [:],
        merchantLifestyle: Bool = false, conformMain: Bool = false
    ) {
        self.conformMain = conformMain
        self.amazon = amazon
        self.merchantCenter = merchantCenter
        self.shopify = shopify
        self.amazonMain = amazonMain
        self.merchantLifestyle = merchantLifestyle
    }

    func isAmazonMain(_ item: Manifest.Item) -> Bool { item.isVariant(amazonMain) }
}

extension Manifest.Item {
    /// Whether the item is of the variant `options` names (axis → option id); never for an
    /// empty `options`.
    func isVariant(_ options: [String: String]) -> Bool {
        !options.isEmpty && options.allSatisfy { variants[$0.key] == $0.value }
    }
}
