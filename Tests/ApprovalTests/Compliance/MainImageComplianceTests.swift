import AssetStorage
import CZlib
import CatalogTestSupport
import Foundation
import Testing

@testable import Approval

/// #21 item 2: Amazon's MAIN rules measured on crafted images, with the measured values in the
/// messages; `conform_main` fixes what it honestly can and the result's pixels are checked.
@Suite("Amazon MAIN compliance on pixels", .offThePool)
struct MainImageComplianceTests {
    static let white: (UInt8, UInt8, UInt8) = (255, 255, 255)
    static let offWhite: (UInt8, UInt8, UInt8) = (0xF5, 0xF5, 0xF5)

    static func item(_ name: String = "shot") -> Manifest.Item {
        Manifest.Item(
            productID: "P-1", productTitle: "Mug", variantID: "background=white", variants: ["background": "white"],
            prompt: "", references: [], model: "gpt-image-2", size: "1:1", resolution: "1K", quality: nil,
            taskID: "task-1", path: "images/P-1/\(name).png", publicURL: nil, sha256: "", format: "png", width: 0,
            height: 0, bytes: 0, estimatedCostUSD: 0, fingerprint: "", generatedAt: nil, reviewState: "approved",
            reviewer: nil, reviewNote: nil, reviewedAt: nil)
    }

    static func check(_ png: [UInt8]) -> AmazonMainCheck.Result { AmazonMainCheck.check(item(), bytes: png) }

    @Test func pureWhiteWithTheProductAtNinetyPercentPasses() throws {
        let result = Self.check(TestPNG.productShot(width: 1600, height: 1600, background: Self.white, fill: 0.90))
        #expect(result.violations.isEmpty)
        #expect(result.warnings.isEmpty)
        let measured = try #require(result.measurement)
        #expect(measured.backgroundWhiteShare == 1)
        #expect(abs(measured.productFill - 0.90) < 0.001)
        #expect(measured.transparentShare == 0)
    }

    @Test func offWhiteFailsWithTheMeasuredShareAndColour() throws {
        let result = Self.check(TestPNG.productShot(width: 1600, height: 1600, background: Self.offWhite, fill: 0.90))
        #expect(result.violations.map(\.rule) == [.backgroundNotWhite])
        let reason = try #require(result.violations.first?.reason)
        #expect(reason.hasPrefix("background 0.0% pure white (it is #F5F5F5;"), "\(reason)")
        #expect(abs((result.measurement?.productFill ?? 0) - 0.90) < 0.001)
    }

    @Test func pureWhiteWithTheProductAtHalfFailsOnFill() throws {
        let result = Self.check(TestPNG.productShot(width: 1600, height: 1600, background: Self.white, fill: 0.50))
        #expect(result.violations.map(\.rule) == [.productTooSmall])
        #expect(result.violations.first?.reason == "product fills 50.0% of the frame, below Amazon's 85.0% for MAIN")
    }

    @Test func transparentBackgroundFailsOnTransparencyOnly() throws {
        let png = TestPNG.productShot(
            width: 1600, height: 1600, background: Self.white, fill: 0.90, transparentBackground: true)
        let result = Self.check(png)
        // Flattened onto white (as the export does) the background is white; the alpha is the fault.
        #expect(result.violations.map(\.rule) == [.transparent])
        let share = try #require(result.measurement?.transparentShare)
        #expect(abs(share - (1 - 0.90 * 0.63)) < 0.01)
        #expect(
            result.violations.first?.reason.hasSuffix("of the pixels are transparent; Amazon's MAIN must be opaque")
                == true)
    }

    @Test func jpegNoiseOnWhiteIsWithinTheTolerance() throws {
        let png = TestPNG.productShot(width: 1600, height: 1600, background: Self.white, fill: 0.90)
        let jpeg = try #require(JPEGConversion.jpeg(fromPNG: png, quality: 75))
        let result = AmazonMainCheck.check(Self.item(), bytes: jpeg)
        #expect(result.violations.isEmpty, "\(result.violations.map(\.reason))")
        #expect((result.measurement?.backgroundWhiteShare ?? 0) >= AmazonMainCheck.requiredWhiteShare)
    }

    @Test func belowZoomSizeIsAWarningNotAViolation() throws {
        let result = Self.check(TestPNG.productShot(width: 1024, height: 1024, background: Self.white, fill: 0.90))
        #expect(result.violations.isEmpty)
        #expect(result.warnings.map(\.rule) == [.belowZoomSize])
    }

    @Test func aSceneIsNotWhite() throws {
        let result = Self.check(TestPNG.productShot(width: 1600, height: 1600, background: (30, 120, 40), fill: 0.90))
        #expect(result.violations.map(\.rule) == [.backgroundNotWhite])
        #expect(result.measurement?.backgroundHex == "#1E7828")
    }

    @Test func aNonSRGBProfileFails() throws {
        let png = TestPNG.productShot(width: 1600, height: 1600, background: Self.white, fill: 0.90)
        let p3 = Self.compressed(Self.profile(description: "Display P3"))
        let iccp = TestPNG.chunk("iCCP", Array("ICC Profile".utf8) + [0, 0] + p3)
        let tagged = Array(png[..<33]) + iccp + Array(png[33...])
        let result = Self.check(tagged)
        #expect(result.violations.map(\.rule) == [.notSRGB])
        #expect(
            result.violations.first?.reason == "the file is in an ICC profile (Display P3); Amazon's MAIN must be sRGB")
        let srgb = TestPNG.chunk(
            "iCCP", Array("x".utf8) + [0, 0] + Self.compressed(Self.profile(description: "sRGB IEC61966-2.1")))
        #expect(Self.check(Array(png[..<33]) + srgb + Array(png[33...])).violations.isEmpty)
    }

    /// A minimal ICC v2 profile: a 128-byte header, a tag table with one `desc` tag.
    static func profile(description: String) -> [UInt8] {
        func be(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }
        let text = Array(description.utf8) + [0]
        let desc = Array("desc".utf8) + [0, 0, 0, 0] + be(text.count) + text
        var bytes = [UInt8](repeating: 0, count: 128)
        bytes += be(1) + Array("desc".utf8) + be(144) + be(desc.count) + desc
        bytes.replaceSubrange(0..<4, with: be(bytes.count))
        return bytes
    }

    static func compressed(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: bytes.count + 64)
        var size = uLongf(out.count)
        _ = compress2(&out, &size, bytes, uLong(bytes.count), 6)
        return Array(out.prefix(Int(size)))
    }
}
