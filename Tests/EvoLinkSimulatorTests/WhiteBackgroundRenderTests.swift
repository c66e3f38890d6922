import CatalogTestSupport
import Foundation
import Testing

@testable import EvoLinkSimulator

/// #21 item 4: a prompt that asks for a white background gets a marketplace main image (pure
/// white around a centred product spanning 88% of the frame, no shadow), every other prompt a
/// coloured scene, so a compliance check sees both offline.
@Suite(.offThePool)
struct WhiteBackgroundRenderTests {
    static let white: [UInt8] = [255, 255, 255]
    static let red = RasterImage(
        width: 4, height: 4, channels: 4, pixels: (0..<16).flatMap { _ in [200, 30, 30, 255] as [UInt8] })
    static let fixtures = ["mug", "desk-lamp", "sneaker", "backpack", "wristwatch", "plant-pot"]

    static func fixture(_ name: String) throws -> RasterImage {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.fixture("images/\(name).png")))
        return try #require(PNGCodec.decodeRGBA([UInt8](bytes)))
    }

    static func render(
        _ prompt: String, width: Int = 1024, height: Int = 1024, reference: RasterImage? = red,
        flaws: WhiteBackgroundFlaws = .none
    ) throws -> RenderedImage {
        try RenderedImage(
            ResultRenderer.render(
                width: width, height: height, prompt: prompt, reference: reference, fallbackSeed: "seed",
                flaws: flaws))
    }

    @Test(
        arguments: [
            "Marketplace main image of the mug: on a pure white (#FFFFFF) seamless background, no props",
            "A mug on a WHITE BACKGROUND",
            "Mug, studio shot, white\nbackdrop",
            "the mug on a white-seamless sweep",
            "mug on a white-seamless sweep",
            "Pure White studio",
        ])
    func whitePromptsRenderPureWhiteAroundACentredProduct(prompt: String) throws {
        #expect(WhiteBackgroundPrompt.matches(prompt))
        let rendered = try Self.render(prompt)
        #expect(rendered.borderColours == [Self.white])
        let box = try #require(rendered.box(notMatching: Self.white))
        #expect((0.86...0.90).contains(rendered.fill(box)), "fill \(rendered.fill(box))")
        #expect(rendered.offCentre(box) <= 2, "\(box)")
        #expect(rendered.rgb(512, 512) == [200, 30, 30], "the reference is drawn, not a stand-in")
    }

    @Test(
        arguments: [
            "A red mug on marble", "on a teal backdrop at golden hour", "a mug on whitewashed oak",
            "a mug on white marble",
            "off-white linen, white mug", "a white mug on a wooden table",
        ])
    func otherPromptsRenderAScene(prompt: String) throws {
        #expect(!WhiteBackgroundPrompt.matches(prompt))
        let rendered = try Self.render(prompt, width: 256, height: 256)
        #expect(!rendered.borderColours.contains(Self.white))
        #expect(rendered.complianceMeasurement().whiteShare < 0.98)
        let spoiled = try Self.render(
            prompt, width: 256, height: 256, flaws: WhiteBackgroundFlaws(offWhite: true, smallProduct: true))
        #expect(spoiled.image.pixels == rendered.image.pixels, "a scene has nothing for the faults to spoil")
    }

    /// The repository's product fixtures (anti-aliased RGBA on a transparent canvas), at the
    /// marketplace spec's square size and a landscape one: a compliance check's flood fill must
    /// find a white background and the product's full box.
    @Test(
        // Every fixture once, square and landscape in turn (each render is a few seconds of a
        // debug build's CPU, and the suite runs beside timing-sensitive ones).
        arguments: fixtures.enumerated().map { index, name in index % 2 == 0 ? (name, 1024, 1024) : (name, 1536, 1024) }
            as [(String, Int, Int)])
    func fixtureProductsPassAMainImageCheck(name: String, width: Int, height: Int) throws {
        let rendered = try Self.render(
            "on a pure white (#FFFFFF) seamless background", width: width, height: height,
            reference: try Self.fixture(name))
        #expect(rendered.borderColours == [Self.white])
        let box = try #require(rendered.box(notMatching: Self.white))
        #expect((0.86...0.90).contains(rendered.fill(box)), "fill \(rendered.fill(box))")
        #expect(rendered.offCentre(box) <= 2, "\(box)")
        let measured = rendered.complianceMeasurement()
        #expect(measured.whiteShare >= 0.98, "white share \(measured.whiteShare)")
        #expect((0.85...0.90).contains(measured.fill), "measured fill \(measured.fill)")
    }

    /// A product photographed on white (opaque, no alpha to crop) is cut to what stands out
    /// from white before scaling, so its own margin does not shrink it below 85%.
    @Test func aReferenceWithItsOwnWhiteMarginStillFills88Percent() throws {
        var pixels = [UInt8](repeating: 255, count: 400 * 300 * 3)
        for y in 120..<180 {
            for x in 150..<250 {
                let index = (y * 400 + x) * 3
                pixels[index..<index + 3] = [40, 60, 90]
            }
            // A faint off-white haze around the product, as a photo's backdrop has.
            for x in 100..<150 { pixels[(y * 400 + x) * 3] = 240 }
        }
        let photo = RasterImage(width: 400, height: 300, channels: 3, pixels: pixels)
        let rendered = try Self.render("product on white background", reference: photo)
        #expect(rendered.borderColours == [Self.white])
        let box = try #require(rendered.box(notMatching: Self.white))
        #expect(box.width == 901 && (0.86...0.90).contains(rendered.fill(box)), "\(box)")
        #expect(rendered.offCentre(box) <= 2, "\(box)")
        #expect(rendered.complianceMeasurement().fill >= 0.85)
    }

    @Test func withoutAReferenceTheDiscIsCentredAndFills88Percent() throws {
        for (width, height) in [(1024, 1024), (1360, 768)] {
            let rendered = try Self.render("on a white background", width: width, height: height, reference: nil)
            #expect(rendered.borderColours == [Self.white])
            let box = try #require(rendered.box(notMatching: Self.white))
            #expect((0.86...0.90).contains(rendered.fill(box)), "\(width)x\(height): \(box)")
            #expect(rendered.offCentre(box) <= 2, "\(width)x\(height): \(box)")
        }
        #expect(ResultRenderer.visibleOnWhite((250, 240, 255)) == (125, 120, 127), "too pale a disc is darkened")
        #expect(ResultRenderer.visibleOnWhite((250, 40, 255)) == (250, 40, 255))
    }

    @Test func theOffWhiteFlawPaintsTheBackground245() throws {
        let rendered = try Self.render(
            "on a white background", reference: try Self.fixture("mug"), flaws: WhiteBackgroundFlaws(offWhite: true))
        #expect(rendered.borderColours == [[245, 245, 245]])
        let box = try #require(rendered.box(notMatching: [245, 245, 245]))
        #expect((0.86...0.90).contains(rendered.fill(box)), "fill \(rendered.fill(box))")
        #expect(rendered.complianceMeasurement().whiteShare < 0.98)
    }

    @Test func theSmallProductFlawSpansHalfTheFrame() throws {
        for reference in [Self.red, try Self.fixture("sneaker"), nil] {
            let rendered = try Self.render(
                "on a white background", reference: reference, flaws: WhiteBackgroundFlaws(smallProduct: true))
            #expect(rendered.borderColours == [Self.white])
            let box = try #require(rendered.box(notMatching: Self.white))
            #expect((0.48...0.52).contains(rendered.fill(box)), "fill \(rendered.fill(box))")
            #expect(rendered.offCentre(box) <= 2, "\(box)")
            let measured = rendered.complianceMeasurement()
            #expect(measured.fill < 0.85 && measured.whiteShare >= 0.98)
        }
    }
}
