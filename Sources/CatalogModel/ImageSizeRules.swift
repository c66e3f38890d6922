/// GPT Image 2's size rules (evolink-api.md §2.2–2.3), shared by spec validation and the
/// client's request check so a bad size is caught before it costs anything.
public enum ImageSizeRules {
    public static let ratios = [
        "1:1", "1:2", "2:1", "1:3", "3:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "9:21", "21:9",
    ]
    public static let resolutions = ["1K", "2K", "4K"]
    public static let qualities = ["low", "medium", "high"]
    public static let models = ["gpt-image-2", "gpt-image-2-beta"]
    public static let minPixels = 655_360
    public static let maxPixels = 8_294_400
    public static let maxEdge = 3840

    /// The setting a problem is about: where a spec's diagnostic points.
    public enum Setting: String, Sendable {
        case model, resolution, quality, size
    }

    /// What is wrong with `settings`, one sentence each; empty when the API will accept them.
    public static func problems(with settings: ImageSettings) -> [String] {
        settingProblems(with: settings).map(\.message)
    }

    /// `problems(with:)`, each with the setting it is about.
    public static func settingProblems(with settings: ImageSettings) -> [(setting: Setting, message: String)] {
        var problems: [(setting: Setting, message: String)] = []
        if !models.contains(settings.model) {
            problems.append(
                (.model, "unknown model `\(settings.model)`; expected one of \(models.joined(separator: ", "))"))
        }
        if !resolutions.contains(settings.resolution.uppercased()) {
            problems.append((.resolution, "unknown resolution `\(settings.resolution)`; expected 1K, 2K or 4K"))
        }
        if let quality = settings.quality {
            if settings.model == "gpt-image-2-beta" {
                problems.append((.quality, "gpt-image-2-beta does not take a quality; remove `quality`"))
            } else if !qualities.contains(quality) {
                problems.append((.quality, "unknown quality `\(quality)`; expected low, medium or high"))
            }
        }
        return problems + sizeProblems(settings.size).map { (.size, $0) }
    }

    private static func sizeProblems(_ size: String) -> [String] {
        var problems: [String] = []
        if size == "auto" || ratios.contains(size) { return problems }
        guard let (width, height) = explicitPixels(size) else {
            problems.append("size `\(size)` is not a ratio (\(ratios.joined(separator: ", "))), `WxH` or `auto`")
            return problems
        }
        if width % 16 != 0 || height % 16 != 0 {
            problems.append("size \(width)x\(height): width and height must be multiples of 16")
        }
        if min(width, height) < 16 || max(width, height) > maxEdge {
            problems.append("size \(width)x\(height): each edge must be between 16 and \(maxEdge) pixels")
            // Past the edge limit the products below could overflow `Int`: they say nothing more.
            return problems
        }
        if width * height < minPixels || width * height > maxPixels {
            problems.append("size \(width)x\(height): \(width * height) pixels is outside \(minPixels)–\(maxPixels)")
        }
        if max(width, height) > 3 * min(width, height) {
            problems.append("size \(width)x\(height): the long edge may be at most 3 × the short edge")
        }
        return problems
    }

    /// `1024x1024` or `1024×1024` → (1024, 1024).
    public static func explicitPixels(_ size: String) -> (Int, Int)? {
        let parts = size.split(whereSeparator: { $0 == "x" || $0 == "×" })
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), width > 0, height > 0 else {
            return nil
        }
        return (width, height)
    }

    /// The pixel dimensions a request produces; `nil` for `auto` (the model decides).
    ///
    /// Ratios follow the reconstruction in evolink-api.md §2.3 (round each ideal edge to the
    /// nearest multiple of 16, scale down only past the hard limits), which reproduces the
    /// documented table.
    public static func dimensions(size: String, resolution: String) -> (width: Int, height: Int)? {
        if let (width, height) = explicitPixels(size) { return (width, height) }
        let parts = size.split(separator: ":")
        // Only the documented ratios: `1e308:1` would make an infinite edge, which traps as an `Int`.
        guard ratios.contains(size), parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]) else {
            return nil
        }
        let target: Double =
            switch resolution.uppercased() {
            case "2K": 4_194_304
            case "4K": 8_294_400
            default: 1_048_576
            }
        let portrait = a < b
        let ratio = max(a, b) / min(a, b)
        func round16(_ value: Double) -> Int { Int((value / 16).rounded()) * 16 }
        var long = round16((target * ratio).squareRoot())
        var short = round16((target / ratio).squareRoot())
        if long > maxEdge || long * short > maxPixels {
            let scale = min(Double(maxEdge) / Double(long), (Double(maxPixels) / Double(long * short)).squareRoot())
            long = Int(Double(long) * scale / 16) * 16
            short = Int(Double(short) * scale / 16) * 16
        }
        return portrait ? (short, long) : (long, short)
    }
}
