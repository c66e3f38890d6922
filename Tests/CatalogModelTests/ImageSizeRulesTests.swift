import CatalogModel
import Testing

struct ImageSizeRulesTests {
    /// The documented table (evolink-api.md §2.3), landscape and square.
    @Test(arguments: [
        ("1:1", "1K", 1024, 1024), ("1:1", "2K", 2048, 2048), ("1:1", "4K", 2880, 2880),
        ("2:1", "1K", 1456, 720), ("2:1", "2K", 2896, 1456), ("2:1", "4K", 3840, 1904),
        ("3:1", "1K", 1776, 592), ("3:1", "2K", 3552, 1184), ("3:1", "4K", 3840, 1280),
        ("3:2", "1K", 1248, 832), ("3:2", "2K", 2512, 1680), ("3:2", "4K", 3520, 2352),
        ("4:3", "1K", 1184, 880), ("4:3", "2K", 2368, 1776), ("4:3", "4K", 3312, 2480),
        ("5:4", "1K", 1152, 912), ("5:4", "2K", 2288, 1824), ("5:4", "4K", 3216, 2576),
        ("16:9", "1K", 1360, 768), ("16:9", "2K", 2736, 1536), ("16:9", "4K", 3840, 2160),
        ("21:9", "1K", 1568, 672), ("21:9", "2K", 3136, 1344), ("21:9", "4K", 3840, 1632),
    ])
    func ratioDimensionsMatchTheDocumentedTable(size: String, resolution: String, width: Int, height: Int) throws {
        let dimensions = try #require(ImageSizeRules.dimensions(size: size, resolution: resolution))
        #expect(dimensions.width == width && dimensions.height == height)
    }

    @Test func portraitRatiosSwapTheEdges() throws {
        let dimensions = try #require(ImageSizeRules.dimensions(size: "9:16", resolution: "1K"))
        #expect(dimensions.width == 768 && dimensions.height == 1360)
    }

    @Test(arguments: [
        ("1024x1024", true), ("1536×1024", true), ("3840x2160", true), ("auto", true), ("16:9", true),
        ("1000x1000", false), ("512x512", false), ("3856x2160", false), ("3840x1200", false), ("4:1", false),
        ("big", false), ("x1024", false),
    ])
    func explicitSizesFollowTheHardLimits(size: String, valid: Bool) {
        let problems = ImageSizeRules.problems(with: ImageSettings(size: size))
        #expect(problems.isEmpty == valid, "\(size): \(problems)")
    }

    @Test func theBetaTakesNoQuality() {
        let problems = ImageSizeRules.problems(with: ImageSettings(model: "gpt-image-2-beta", quality: "high"))
        #expect(problems == ["gpt-image-2-beta does not take a quality; remove `quality`"])
    }
}
