import AssetStorage
import CatalogModel

/// Judges a manifest item against the channels the spec exports to, with the rules the export
/// itself applies (`MarketplaceImageRules`, `AmazonMainCheck`), so the review page and the
/// export never disagree about an image.
enum ComplianceAssessor {
    /// `mainFacts` measures (or recalls) the pixels; it is only called for Amazon's MAIN variant.
    static func assess(
        _ item: Manifest.Item, channels: ComplianceChannels, mainFacts: () -> AmazonMainCheck.Facts
    ) -> [ChannelCompliance] {
        let format = ImageInfo.Format(rawValue: item.format) ?? .png
        var found: [ChannelCompliance] = []
        if channels.amazon {
            // The export converts PNG to JPEG: dimensions are what Amazon judges here.
            var violations = MarketplaceImageRules.amazon.violations(
                of: item, format: format == .webp ? .webp : .jpeg, width: item.width, height: item.height, bytes: 0)
            var warnings: [String] = []
            let isMain = channels.isAmazonMain(item)
            // A WebP is refused by format above; there are no pixels of it to judge.
            if isMain && format != .webp {
                let result = AmazonMainCheck.evaluate(item, mainFacts())
                if channels.conformMain, violations.isEmpty, let size = MainImageConformer.prediction(for: result) {
                    // What the export will ship: the conformed image, not this one.
                    warnings = [
                        "conform_main will fix it (\(size.width)×\(size.height) px): "
                            + result.violations.map(\.reason).joined(separator: "; ")
                    ]
                } else {
                    violations += result.violations
                    warnings = result.warnings.map(\.reason)
                }
            }
            found.append(
                ChannelCompliance(
                    channel: isMain ? "amazon_main" : "amazon", label: isMain ? "Amazon MAIN" : "Amazon",
                    violations: violations.map(\.reason), warnings: warnings))
        }
        if channels.merchantCenter {
            let rules = MarketplaceImageRules.googleMerchantCenter(apparel: item.listing?.isApparel ?? false)
            var merchant = urlChannel(item, "merchant_center", "Google Merchant Center", rules: rules, format: format)
            if channels.merchantLifestyle && channels.isAmazonMain(item) {
                merchant.warnings.append(ExportViolation.notLifestyle(item).reason)
            }
            found.append(merchant)
        }
        if channels.shopify {
            found.append(urlChannel(item, "shopify", "Shopify", rules: .shopify, format: format))
        }
        return found
    }

    private static func urlChannel(
        _ item: Manifest.Item, _ channel: String, _ label: String, rules: MarketplaceImageRules,
        format: ImageInfo.Format
    ) -> ChannelCompliance {
        var violations = rules.violations(
            of: item, format: format, width: item.width, height: item.height, bytes: item.bytes)
        if (item.publicURL ?? "").isEmpty { violations.insert(.missingPublicURL(item, marketplace: label), at: 0) }
        return ChannelCompliance(channel: channel, label: label, violations: violations.map(\.reason), warnings: [])
    }
}
