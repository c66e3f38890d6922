/// The gateway's parameter rules (evolink-api.md §2), implemented here independently of the
/// client's own check so that a mistake in one is caught by the other.
enum GenerationValidator {
    static let ratios: Set<String> = [
        "1:1", "1:2", "2:1", "1:3", "3:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "9:21", "21:9",
    ]

    struct Accepted: Equatable {
        var model: String
        var prompt: String
        var imageURLs: [String]
        var width: Int
        var height: Int
        var quality: String
        var resolution: String
        var n: Int
    }

    /// The accepted request, or the 400 to answer with.
    static func validate(_ request: SimulatorWire.GenerationRequest) -> Result<Accepted, SimulatorFailure> {
        guard let model = request.model, model == "gpt-image-2" || model == "gpt-image-2-beta" else {
            return .failure(.init("model must be gpt-image-2 or gpt-image-2-beta", param: "model"))
        }
        let beta = model == "gpt-image-2-beta"
        guard let prompt = request.prompt, !prompt.isEmpty else {
            return .failure(.init("prompt is required", param: "prompt"))
        }
        let promptLimit = beta ? 2000 : 32000
        guard prompt.unicodeScalars.count <= promptLimit else {
            return .failure(.init("prompt exceeds \(promptLimit) characters", param: "prompt"))
        }
        let urls = request.image_urls ?? []
        if request.image_urls != nil && !(1...16).contains(urls.count) {
            return .failure(.init("image_urls must hold 1 to 16 URLs", param: "image_urls"))
        }
        if let bad = urls.first(where: { !($0.hasPrefix("http://") || $0.hasPrefix("https://")) }) {
            return .failure(.init("image_urls entry is not a URL: \(bad.prefix(80))", param: "image_urls"))
        }
        let n = request.n ?? 1
        guard (1...10).contains(n), !beta || n == 1 else {
            return .failure(
                .init(beta ? "n is fixed at 1 for gpt-image-2-beta" : "n must be between 1 and 10", param: "n"))
        }
        if beta && request.quality != nil {
            return .failure(.init("quality is not supported by gpt-image-2-beta", param: "quality"))
        }
        let quality = request.quality ?? "medium"
        guard ["low", "medium", "high"].contains(quality) else {
            return .failure(.init("quality must be low, medium or high", param: "quality"))
        }
        let resolution = (request.resolution ?? "1K").uppercased()
        guard ["1K", "2K", "4K"].contains(resolution) else {
            return .failure(.init("resolution must be 1K, 2K or 4K", param: "resolution"))
        }
        if let callback = request.callback_url, !callback.hasPrefix("https://") || callback.count > 2048 {
            return .failure(
                .init("callback_url must be an https URL of at most 2048 characters", param: "callback_url"))
        }
        let size = request.size ?? "auto"
        guard let (width, height) = dimensions(size: size, resolution: resolution) else {
            return .failure(.init("invalid size `\(size.prefix(40))`", param: "size"))
        }
        return .success(
            Accepted(
                model: model, prompt: prompt, imageURLs: urls, width: width, height: height, quality: quality,
                resolution: resolution, n: n))
    }

    /// Output pixels for a size: ratio × tier from the documented table's rule, explicit
    /// `WxH` checked against the hard limits, `auto` as 1024×1024.
    static func dimensions(size: String, resolution: String) -> (Int, Int)? {
        if size == "auto" { return (1024, 1024) }
        if ratios.contains(size) {
            let parts = size.split(separator: ":").compactMap { Double($0) }
            let budget: Double = resolution == "4K" ? 8_294_400 : resolution == "2K" ? 4_194_304 : 1_048_576
            let r = parts[0] / parts[1]
            var w = Int(((budget * r).squareRoot() / 16).rounded()) * 16
            var h = Int(((budget / r).squareRoot() / 16).rounded()) * 16
            if max(w, h) > 3840 || w * h > 8_294_400 {
                let s = min(3840 / Double(max(w, h)), (8_294_400 / Double(w * h)).squareRoot())
                w = Int(Double(w) * s) / 16 * 16
                h = Int(Double(h) * s) / 16 * 16
            }
            return (w, h)
        }
        let separators: Set<Character> = ["x", "×"]
        let parts = size.split(whereSeparator: { separators.contains($0) })
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]) else { return nil }
        guard w % 16 == 0, h % 16 == 0, (16...3840).contains(w), (16...3840).contains(h),
            (655_360...8_294_400).contains(w * h), max(w, h) <= 3 * min(w, h)
        else { return nil }
        return (w, h)
    }

    /// Credits for one image (1 USD = 68 credits), from the published prices (§11).
    static func credits(for request: Accepted) -> Double {
        let tier = request.resolution
        let usd: Double
        if request.model == "gpt-image-2-beta" {
            usd = tier == "4K" ? 0.039 : tier == "2K" ? 0.025 : 0.015
        } else {
            let table: [String: [String: Double]] = [
                "low": ["1K": 0.0054, "2K": 0.0108, "4K": 0.0144],
                "medium": ["1K": 0.0477, "2K": 0.0963, "4K": 0.1251],
                "high": ["1K": 0.1899, "2K": 0.3852, "4K": 0.5085],
            ]
            usd = (table[request.quality]?[tier] ?? 0.5) + 0.0072 * Double(request.imageURLs.count)
        }
        return (usd * 68 * 10_000).rounded() / 10_000 * Double(request.n)
    }
}

struct SimulatorFailure: Error, Equatable {
    var message: String
    var param: String?

    init(_ message: String, param: String? = nil) {
        self.message = message
        self.param = param
    }
}
