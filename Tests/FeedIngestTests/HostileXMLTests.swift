import CatalogModel
import FeedIngest
import Foundation
import Testing

/// Attacks and breakage a public feed URL can serve: each ends in a clear, positioned error,
/// quickly, without reading local files, touching the network, or expanding entities.
struct HostileXMLTests {
    func error(_ xml: String) -> FeedError? {
        #expect(throws: FeedError.self) { try ingest(xml) }
    }

    @Test func externalEntitiesAreRefusedBeforeAnythingIsRead() {
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rss xmlns:g="http://base.google.com/ns/1.0"><channel><item><g:id>&xxe;</g:id></item></channel></rss>
            """
        let failure = error(xxe)
        #expect(failure?.description.contains("DOCTYPE") == true)
        #expect(failure?.description.contains("root:") == false, "no file content may leak into the message")
    }

    @Test func billionLaughsFailsFast() {
        var entities = #"<!ENTITY lol "lol">"#
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
        }
        let bomb =
            "<?xml version=\"1.0\"?><!DOCTYPE rss [\(entities)]><rss><channel><item><title>&lol9;</title></item></channel></rss>"
        let started = ContinuousClock.now
        let failure = error(bomb)
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(failure?.description.contains("DOCTYPE") == true)
    }

    @Test func externalDTDsAreNeverLoaded() {
        let external = """
            <?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://127.0.0.1:9/evil.dtd"><rss><channel></channel></rss>
            """
        #expect(error(external)?.description.contains("DOCTYPE") == true)
    }

    @Test func undeclaredEntitiesAreErrors() {
        let failure = error(
            #"<rss xmlns:g="http://base.google.com/ns/1.0"><channel><item><g:id>&nbsp;</g:id></item></channel></rss>"#)
        guard case .xml(_, let syntax)? = failure else {
            Issue.record("expected an XML error, got \(String(describing: failure))")
            return
        }
        #expect(syntax.line == 1)
        #expect(syntax.message.contains("nbsp"))
    }

    @Test func aTruncatedDocumentNamesWhereItEnds() {
        let truncated = "<rss xmlns:g=\"http://base.google.com/ns/1.0\"><channel>\n<item><g:id>A</g:id>\n<g:title>Cut"
        guard case .xml(_, let syntax)? = error(truncated) else {
            Issue.record("expected an XML error")
            return
        }
        #expect(syntax.line == 3)
    }

    @Test func aWrongEncodingDeclarationIsAPositionedError() {
        let bytes =
            Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss><channel><item><title>Caf".utf8) + [0xE9]
            + Array("</title></item></channel></rss>".utf8)
        let failure = #expect(throws: FeedError.self) { try ingest(bytes) }
        guard case .xml(_, let syntax)? = failure else {
            Issue.record("expected an XML error, got \(String(describing: failure))")
            return
        }
        #expect(syntax.line == 2)
        #expect(syntax.message.lowercased().contains("utf-8") || syntax.message.lowercased().contains("encoding"))
    }

    @Test func aDeclaredLatin1DocumentIsDecoded() throws {
        let bytes =
            Array(
                "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss xmlns:g=\"http://base.google.com/ns/1.0\"><channel><item><g:id>A</g:id><g:image_link>https://x.test/a.png</g:image_link><g:title>Caf"
                    .utf8)
            + [0xE9] + Array("</g:title></item></channel></rss>".utf8)
        #expect(try ingest(bytes).0.first?.title == "Café")
    }

    @Test func aTenMegabyteFieldIsReadWhole() throws {
        let big = String(repeating: "x", count: 10 << 20)
        let xml =
            "<rss xmlns:g=\"http://base.google.com/ns/1.0\"><channel><item><g:id>A</g:id><g:image_link>https://x.test/a.png</g:image_link><g:description>\(big)</g:description></item></channel></rss>"
        #expect(try ingest(xml).0.first?.description.utf8.count == 10 << 20)
    }

    @Test func aFieldOverTheCapIsAnError() {
        let huge = String(repeating: "y", count: 17 << 20)
        let xml =
            "<rss xmlns:g=\"http://base.google.com/ns/1.0\"><channel><item><g:id>A</g:id><g:description>\(huge)</g:description></item></channel></rss>"
        #expect(error(xml)?.description.contains("larger than 16 MB") == true)
    }

    @Test(arguments: ["", "   \n", "<", "<rss", "not xml at all <", "<rss></channel>"])
    func emptyOrBrokenDocumentsAreErrors(text: String) {
        #expect(throws: FeedError.self) { try ingest(text) }
    }
}

struct XMLNameFloodTests {
    @Test func itemsWithEndlesslyNewElementNamesStopWithAClearError() {
        var xml = "<rss xmlns:g=\"http://base.google.com/ns/1.0\"><channel>"
        for index in 0..<5000 {
            xml +=
                "<item><g:id>\(index)</g:id><g:image_link>https://x.test/\(index).png</g:image_link><x\(index)>v</x\(index)></item>"
        }
        xml += "</channel></rss>"
        #expect {
            try ingest(xml)
        } throws: { error in
            "\(error)".contains("more than 4096 distinct element names")
        }
    }
}
