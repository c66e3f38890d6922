import CatalogModel
import FeedIngest
import Foundation
import Testing

/// Elements that make libxml2 work quadratically are refused before it sees them.
@Suite("XML attribute attacks")
struct XMLAttributeAttackTests {
    static func feed(itemAttributes: String, extra: String = "") -> String {
        """
        <?xml version="1.0"?>
        <rss xmlns:g="http://base.google.com/ns/1.0"><channel>
        \(extra)<item>
        <g:id>A-1</g:id><g:title>Mug</g:title><g:image_link>https://x.test/a.png</g:image_link>
        </item>
        <item \(itemAttributes)>
        <g:id>A-2</g:id><g:title>Lamp</g:title><g:image_link>https://x.test/b.png</g:image_link>
        </item>
        </channel></rss>
        """
    }

    static func attributes(_ count: Int) -> String {
        (0..<count).map { "a\($0)=\"\($0)\"" }.joined(separator: " ")
    }

    /// #20 item 18: one element with 200,000 attributes took libxml2 30 s of CPU (its duplicate
    /// check compares each attribute with every earlier one). It is refused at the element,
    /// located, whatever the chunking.
    @Test(arguments: [1 << 16, 4093])
    func anElementWithTwoHundredThousandAttributesIsRefusedAtItsLine(chunkSize: Int) throws {
        let xml = Self.feed(itemAttributes: Self.attributes(200_000))
        let failure = #expect(throws: FeedError.self) { try ingest(xml, chunkSize: chunkSize) }
        guard case .xml(_, let syntax)? = failure else {
            Issue.record("expected an XML error, got \(String(describing: failure))")
            return
        }
        #expect(syntax.message.contains("more than 256 attributes"))
        #expect(syntax.line == 6, "the second item's start tag")
    }

    /// #20 item 18: the cap is exactly 256 per element; `=` and `>` inside attribute values,
    /// comments, CDATA and processing instructions are not attributes.
    @Test(arguments: [1, 7, 1 << 16])
    func markupThatOnlyLooksLikeAttributesIsNotCounted(chunkSize: Int) throws {
        let lookalikes = String(repeating: "x=1 ", count: 300)
        let extra = """
            <!-- \(lookalikes) - > still a comment -->
            <?pi \(lookalikes) ?>
            <description><![CDATA[ \(lookalikes) ]] > ]]></description>
            """
        let values = "title=\"\(String(repeating: "a=b>", count: 300))\" note='\(lookalikes)'"
        let xml = Self.feed(itemAttributes: Self.attributes(254) + " " + values, extra: extra)
        let (products, _) = try ingest(xml, chunkSize: chunkSize)
        #expect(products.map(\.id) == ["A-1", "A-2"])
        #expect(throws: FeedError.self) {
            try ingest(Self.feed(itemAttributes: Self.attributes(257)), chunkSize: chunkSize)
        }
    }
}
