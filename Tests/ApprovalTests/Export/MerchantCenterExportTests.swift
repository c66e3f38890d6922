import Approval
import CatalogTestSupport
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Collects `g:id` and image elements, failing on anything not well-formed.
final class FeedReader: NSObject, XMLParserDelegate {
    var ids: [String] = []
    var images: [String: [String]] = [:]
    var namespace: String?
    private var text = ""

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if name == "rss" { namespace = attributes["xmlns:g"] }
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "g:id" { ids.append(text) }
        if name.hasSuffix("image_link"), let id = ids.last { images[id, default: []].append(text) }
    }
}

struct MerchantCenterExportTests {
    @Test func theXMLFeedIsWellFormedAndKeepsHostileIdsIntact() throws {
        let fixture = try ExportFixture()
        let destination = try TemporaryDirectory()
        _ = try Export.run(fixture.request(.merchantCenter, into: destination.path))
        let parser = try #require(XMLParser(contentsOf: destination.url("merchant-center-supplemental.xml")))
        let reader = FeedReader()
        parser.delegate = reader
        #expect(parser.parse(), "\(parser.parserError.map(String.init(describing:)) ?? "")")
        #expect(reader.namespace == "http://base.google.com/ns/1.0")
        #expect(reader.ids == ["<i>X-8</i>", "C,7\"x", "N-3", "Q-1", "S-2", "T 10 x", "U-4", "日本-9"])
        #expect(reader.images["Q-1"]?.count == 2)
        let url = try #require(reader.images["C,7\"x"]?.first)
        #expect(url.hasPrefix("https://cdn.example.com/catalog/images/C_7_x-") && url.hasSuffix("/marble.png"))
    }

    @Test func lifestyleImagesAndTheTenImageLimit() throws {
        let images = (1...11).map {
            ExportFixture.Image(
                productID: "BAG", title: "Bag", scene: String(format: "s%02d", $0), width: 300, height: 300)
        }
        let fixture = try ExportFixture(images: images)
        let destination = try TemporaryDirectory()
        var request = fixture.request(.merchantCenter, into: destination.path)
        request.merchantImageAttribute = .lifestyleImageLink
        let summary = try Export.run(request)
        #expect(summary.exportedCount == 10)
        #expect(summary.violations.map { "\($0.variantID) \($0.rule.rawValue)" } == ["scene=s11 too_many_images"])
        let tsv = try String(contentsOf: destination.url("merchant-center-supplemental.tsv"), encoding: .utf8)
        let lines = tsv.split(separator: "\n")
        #expect(lines.first == "id\tlifestyle_image_link")
        #expect(lines.count == 2 && lines[1].split(separator: ",").count == 10)
        let xml = try String(contentsOf: destination.url("merchant-center-supplemental.xml"), encoding: .utf8)
        #expect(xml.components(separatedBy: "<g:lifestyle_image_link>").count - 1 == 10)
    }
}
