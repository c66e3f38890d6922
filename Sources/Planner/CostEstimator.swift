import CatalogModel

/// Estimates what one job costs before it is submitted, from the published prices in
/// evolink-api.md §11. The estimate is what the budget reserves; the API's reported usage
/// settles it later.
public enum CostEstimator {
    /// gpt-image-2 per image by quality and tier (§11.2, OpenAI list price less 10%).
    static let officialPerImage: [String: [String: Double]] = [
        "low": ["1K": 0.0054, "2K": 0.0108, "4K": 0.0144],
        "medium": ["1K": 0.0477, "2K": 0.0963, "4K": 0.1251],
        "high": ["1K": 0.1899, "2K": 0.3852, "4K": 0.5085],
    ]
    /// gpt-image-2-beta per call by tier (§11.3).
    static let betaPerImage: [String: Double] = ["1K": 0.015, "2K": 0.025, "4K": 0.039]
    /// The model billed per call rather than per token: its range is its estimate.
    public static let perCallModel = "gpt-image-2-beta"
    /// Image-input tokens at $0.0072 / 1K, with about 1,000 tokens for a typical reference.
    static let perReferenceImage = 0.0072

    public static func estimate(_ settings: ImageSettings, referenceCount: Int) -> Money {
        let tier = tier(for: settings)
        if settings.model == perCallModel {
            return Money(usd: betaPerImage[tier] ?? 0.039)
        }
        let perImage = officialPerImage[settings.quality ?? "medium"]?[tier] ?? 0.5085
        return Money(usd: perImage + Double(referenceCount) * perReferenceImage)
    }

    /// The billing tier: the resolution for ratios, the pixel count for `WxH`, and for `auto`
    /// 1K on the beta and 2K on the official channel (its playground's deliberately high guess).
    static func tier(for settings: ImageSettings) -> String {
        if let (width, height) = ImageSizeRules.explicitPixels(settings.size) {
            let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
            return overflow ? "4K" : pixels <= 1_700_000 ? "1K" : pixels <= 4_400_000 ? "2K" : "4K"
        }
        if settings.size == "auto" { return settings.model == perCallModel ? "1K" : "2K" }
        return settings.resolution.uppercased()
    }
}

extension CostEstimator {
    /// The spread a job's real charge may fall in. gpt-image-2 bills tokens: the low end is the
    /// output alone (reference tokens vary with their size and may be cached), the high end
    /// counts each reference twice over; `auto` sizes span the 1K to 4K tiers. The beta bills
    /// per call, so its range is the estimate.
    public static func range(_ settings: ImageSettings, referenceCount: Int) -> ClosedRange<Money> {
        if settings.model == perCallModel {
            let estimate = estimate(settings, referenceCount: referenceCount)
            return estimate...estimate
        }
        var low = settings
        var high = settings
        if settings.size == "auto" {
            low.size = "1:1"
            low.resolution = "1K"
            high.size = "1:1"
            high.resolution = "4K"
        }
        return estimate(low, referenceCount: 0)...estimate(high, referenceCount: referenceCount * 2)
    }
}
