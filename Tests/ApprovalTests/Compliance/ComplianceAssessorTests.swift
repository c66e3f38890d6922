import AssetStorage
import CatalogTestSupport
import Foundation
import Testing

@testable import Approval

/// The review page's verdicts are the export's: the channels the spec names, the MAIN pixel
/// rules on the MAIN variant only, and with `conform_main` what the export will ship.
@Suite("Compliance on the review page", .offThePool)
struct ComplianceAssessorTests {
    static func judge(
        _ png: [UInt8], variant: String = "white", channels: ComplianceChannels
    ) throws -> [ChannelCompliance] {
        let info = try #require(ImageSniffer.sniff(png))
        var item = MainImageComplianceTests.item()
        item.variants = ["background": variant]
        item.width = info.width
        item.height = info.height
        item.bytes = png.count
        item.publicURL = "https://cdn.example.com/x.png"
        return ComplianceAssessor.assess(item, channels: channels) { AmazonMainCheck.facts(of: png) }
    }

    static let main = ComplianceChannels(
        amazon: true, merchantCenter: false, shopify: true, amazonMain: ["background": "white"])

    @Test func onlyTheMainVariantIsHeldToThePixelRules() throws {
        let offWhite = TestPNG.productShot(width: 1600, height: 1600, background: (0xF5, 0xF5, 0xF5), fill: 0.9)
        let asMain = try Self.judge(offWhite, channels: Self.main)
        #expect(asMain.map(\.channel) == ["amazon_main", "shopify"])
        #expect(asMain[0].violations.first?.hasPrefix("background 0.0% pure white") == true)
        #expect(asMain[1].passes)
        let asScene = try Self.judge(offWhite, variant: "kitchen", channels: Self.main)
        #expect(asScene.map(\.channel) == ["amazon", "shopify"] && asScene.allSatisfy(\.passes))
    }

    @Test func withConformMainAFixableMainShowsWhatTheExportShips() throws {
        var channels = Self.main
        channels.conformMain = true
        let offWhite = TestPNG.productShot(width: 1600, height: 1600, background: (0xF5, 0xF5, 0xF5), fill: 0.9)
        let fixable = try Self.judge(offWhite, channels: channels)[0]
        #expect(fixable.passes)
        #expect(fixable.warnings.first?.hasPrefix("conform_main will fix it (1636×1636 px): background 0.0%") == true)
        // Never upscaled: a 1,024 px image at 50% would be cropped to 582 px, below Amazon's 1,000.
        let small = TestPNG.productShot(width: 1024, height: 1024, background: (255, 255, 255), fill: 0.5)
        let unfixable = try Self.judge(small, channels: channels)[0]
        #expect(unfixable.violations == ["product fills 50.0% of the frame, below Amazon's 85.0% for MAIN"])
    }
}
