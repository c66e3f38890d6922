import AssetStorage
import CatalogTestSupport
import Foundation
import Testing

@testable import Approval

/// The AI disclosure in JPEG files: a stored JPEG result tagged in place, and a PNG's packet
/// carried into the JPEG the Amazon export converts it to. Read back by exiftool.
@Suite(.offThePool) struct JPEGDisclosureTests {
    static let disclosure = AIDisclosure(
        productID: "LAMP-7", variantID: "background=white", taskID: "task-unified-9-lamp", model: "gpt-image-2")
    static let tags = ["XMP-iptcExt:DigitalSourceType", "XMP-catalogrefresh:ProductID", "XMP-dc:Title"]

    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func jpeg() throws -> [UInt8] {
        try #require(
            JPEGConversion.jpeg(fromPNG: TestPNG.encode(width: 32, height: 16, color: (9, 99, 199)), quality: 90))
    }

    @Test func aJPEGIsTaggedWithoutTouchingItsScanOrItsJFIFHeader() async throws {
        let original = try jpeg()
        let tagged = try #require(XMPEmbedding.tagging(original, format: .jpeg, with: Self.disclosure))
        let tags = try await ExifTool.read(Self.tags, in: try directory.write(tagged, to: "tagged.jpg"))
        #expect(tags["XMP-iptcExt:DigitalSourceType"] == AIDisclosure.digitalSourceType, "\(tags)")
        #expect(tags["XMP-catalogrefresh:ProductID"] == "LAMP-7")
        // JFIF's APP0 stays first; the XMP segment is inserted after it and nothing else moves.
        #expect(original[2...3].elementsEqual([0xFF, 0xE0]) && tagged[2...3].elementsEqual([0xFF, 0xE0]))
        let app0End = 4 + (Int(original[4]) << 8 | Int(original[5]))
        let segment = tagged.count - original.count
        #expect(Array(tagged[..<app0End]) == Array(original[..<app0End]))
        #expect(Array(tagged[(app0End + segment)...]) == Array(original[app0End...]), "scan data byte for byte")
        #expect(ImageVerifier.verify(tagged) == ImageVerifier.verify(original))
    }

    /// A PNG result with the API's own XMP (a title) and ours, converted for Amazon: the JPEG
    /// carries both.
    @Test func aConvertedPNGCarriesItsWholePacket() async throws {
        let apiPacket = """
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\
            <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt>\
            <rdf:li xml:lang="x-default">From the API</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF>\
            </x:xmpmeta>
            """
        let plain = TestPNG.encode(width: 32, height: 16, color: (9, 99, 199))
        let withAPIPacket =
            Array(plain[..<33])
            + TestPNG.chunk("iTXt", Array("XML:com.adobe.xmp".utf8) + [0, 0, 0, 0, 0] + Array(apiPacket.utf8))
            + Array(plain[33...])
        let png = try #require(XMPEmbedding.tagging(withAPIPacket, format: .png, with: Self.disclosure))
        let converted = try #require(JPEGConversion.jpeg(fromPNG: png, quality: 90))
        let packet = try #require(XMPEmbedding.packet(in: png, format: .png))
        let carried = try #require(XMPEmbedding.carrying(packet, into: converted))
        let tags = try await ExifTool.read(Self.tags, in: try directory.write(carried, to: "carried.jpg"))
        #expect(tags["XMP-dc:Title"] == "From the API", "\(tags)")
        #expect(tags["XMP-iptcExt:DigitalSourceType"] == AIDisclosure.digitalSourceType)
        #expect(XMPEmbedding.disclosing(carried, format: .jpeg, with: Self.disclosure) == carried)
    }

    /// A packet too large for one APP1 segment is not written there.
    @Test func aPacketOverOneSegmentIsRefused() throws {
        let huge = "<x:xmpmeta>" + String(repeating: "x", count: 70_000) + "</x:xmpmeta>"
        #expect(XMPEmbedding.carrying(huge, into: try jpeg()) == nil)
    }
}
