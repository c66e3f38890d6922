import AssetStorage
import CatalogTestSupport
import Foundation
import Testing

@testable import EvoLinkSimulator

/// The AI disclosure written into PNG files, read back by exiftool (an independent reader) and
/// checked against the pixels libpng decodes.
@Suite struct XMPEmbeddingTests {
    static let disclosure = AIDisclosure(
        productID: "MUG-001", variantID: "background=marble", taskID: "task-unified-1757156493-imcg5zqt",
        model: "gpt-image-2")
    static let tags = [
        "XMP-iptcExt:DigitalSourceType", "XMP-xmp:CreatorTool", "XMP-catalogrefresh:ProductID",
        "XMP-catalogrefresh:Variant", "XMP-catalogrefresh:TaskID", "XMP-catalogrefresh:Model", "XMP-dc:Title",
    ]

    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func read(_ bytes: [UInt8], _ name: String = "image.png") async throws -> [String: String] {
        try await ExifTool.read(Self.tags, in: try directory.write(bytes, to: name))
    }

    /// `png` with `extra` inserted after its IHDR (33 bytes in: signature 8, IHDR 25).
    func inserting(_ extra: [UInt8], into png: [UInt8]) -> [UInt8] {
        Array(png[..<33]) + extra + Array(png[33...])
    }

    @Test func aTaggedPNGDisclosesItsOriginAndKeepsItsPixels() async throws {
        let png = TestPNG.encode(width: 64, height: 48, color: (200, 30, 40), transparentCorner: 5)
        let tagged = try #require(XMPEmbedding.tagging(png, format: .png, with: Self.disclosure))
        let tags = try await read(tagged)
        #expect(tags["XMP-iptcExt:DigitalSourceType"] == AIDisclosure.digitalSourceType, "\(tags)")
        #expect(tags["XMP-xmp:CreatorTool"] == "catalog-refresh, gpt-image-2 on EvoLink")
        #expect(tags["XMP-catalogrefresh:ProductID"] == "MUG-001")
        #expect(tags["XMP-catalogrefresh:Variant"] == "background=marble")
        #expect(tags["XMP-catalogrefresh:TaskID"] == "task-unified-1757156493-imcg5zqt")
        #expect(ImageVerifier.verify(tagged) == ImageVerifier.verify(png), "every CRC holds, the size is the same")
        let before = try #require(PNGCodec.decodeRGBA(png))
        let after = try #require(PNGCodec.decodeRGBA(tagged))
        #expect(after.pixels == before.pixels && after.width == 64 && after.height == 48)
    }

    /// What the API put in the file stays: its own XMP packet (merged, not replaced) and its
    /// other chunks (a C2PA manifest box) byte for byte.
    @Test func theAPIsMetadataIsKept() async throws {
        let apiPacket = """
            <?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF \
            xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" \
            xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">From the \
            API</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>
            """
        let c2pa = TestPNG.chunk("caBX", Array(repeating: 0xC2, count: 40))
        let xmp = TestPNG.chunk("iTXt", Array("XML:com.adobe.xmp".utf8) + [0, 0, 0, 0, 0] + Array(apiPacket.utf8))
        let png = inserting(xmp + c2pa, into: TestPNG.encode(width: 8, height: 8, color: (1, 2, 3)))
        let tagged = try #require(XMPEmbedding.tagging(png, format: .png, with: Self.disclosure))
        let tags = try await read(tagged)
        #expect(tags["XMP-dc:Title"] == "From the API", "\(tags)")
        #expect(tags["XMP-iptcExt:DigitalSourceType"] == AIDisclosure.digitalSourceType)
        #expect(tagged.count > png.count)
        #expect(tagged.firstRange(of: c2pa) != nil, "the C2PA chunk is copied byte for byte")
        #expect(tagged.ranges(of: Array("XML:com.adobe.xmp".utf8)).count == 1, "one XMP chunk, merged")
    }

    /// Tagging a tagged file again replaces our description (a result re-stored, an export of a
    /// stored file) instead of adding a second, disagreeing one.
    @Test func taggingAgainReplacesTheDescription() async throws {
        let png = TestPNG.encode(width: 8, height: 8, color: (1, 2, 3))
        let first = try #require(XMPEmbedding.tagging(png, format: .png, with: Self.disclosure))
        var other = Self.disclosure
        other.taskID = "task-unified-2-second"
        let second = try #require(XMPEmbedding.tagging(first, format: .png, with: other))
        #expect(try await read(second)["XMP-catalogrefresh:TaskID"] == "task-unified-2-second")
        let packet = try #require(XMPEmbedding.packet(in: second, format: .png))
        #expect(packet.ranges(of: "catalogrefresh:TaskID=").count == 1, "\(packet)")
        #expect(XMPEmbedding.disclosing(first, format: .png, with: other) == first, "already disclosed: unchanged")
    }

    /// Ids are feed data: quotes, markup and control characters must not break the packet.
    @Test func hostileIdsAreEscaped() async throws {
        var hostile = Self.disclosure
        hostile.productID = "a\"b<c>&d'e/>f\u{1}"
        let png = TestPNG.encode(width: 8, height: 8, color: (1, 2, 3))
        let tagged = try #require(XMPEmbedding.tagging(png, format: .png, with: hostile))
        let tags = try await read(tagged)
        #expect(tags["XMP-catalogrefresh:ProductID"] == "a\"b<c>&d'e/>f", "\(tags)")
        #expect(tags["XMP-iptcExt:DigitalSourceType"] == AIDisclosure.digitalSourceType)
    }

    /// Files whose structure does not hold are not tagged (the caller keeps them as they came).
    @Test func brokenFilesAreNotTagged() {
        let png = TestPNG.encode(width: 8, height: 8, color: (1, 2, 3))
        #expect(XMPEmbedding.tagging(Array(png.dropLast(5)), format: .png, with: Self.disclosure) == nil)
        #expect(XMPEmbedding.tagging(Array(png.prefix(20)), format: .png, with: Self.disclosure) == nil)
        let noHeaderFirst = Array(png[..<8]) + Array(png[33...])
        #expect(XMPEmbedding.tagging(noHeaderFirst, format: .png, with: Self.disclosure) == nil)
        #expect(
            XMPEmbedding.tagging([0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xFF], format: .jpeg, with: Self.disclosure) == nil)
        #expect(XMPEmbedding.tagging([0xFF, 0xD8], format: .jpeg, with: Self.disclosure) == nil)
    }
}
