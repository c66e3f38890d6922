import CatalogModel
import CatalogTestSupport
import FeedIngest
import Foundation
import Testing

/// Google Merchant Center documents four XML formats (RSS 2.0, RSS 1.0, Atom 1.0, Atom 0.3),
/// each with an example file whose entries use the format's own elements for title, link,
/// description and (Atom) id. The fixtures follow those examples' element layout.
struct GoogleFeedFormatTests {
    @Test func rss2ItemsUseRSSElementsOrGAttributes() throws {
        let (products, report) = try ingestFixture("gmc-rss2-google-layout.xml")
        #expect(report.profile == .googleMerchant)
        #expect(products.map(\.id) == ["1a", "TV_123456"])
        let sweater = try #require(products.first)
        #expect(sweater.title == "Red wool sweater")
        #expect(sweater.link == "https://shop.example.com/item1-info-page.html")
        #expect(sweater.description.hasPrefix("Comfortable and soft"))
        #expect(sweater.imageLink == "https://shop.example.com/image1.jpg" && sweater.price == "25.00 USD")
        #expect(sweater.attributes["condition"] == "new")
        let stick = try #require(products.last)
        #expect(stick.title == "Streaming stick with remote" && stick.link == "https://shop.example.com/tv_123456")
        #expect(stick.price == "49.99 USD", "the item's price, not the shipping's")
    }

    @Test func rss1ProductsAndItemsUnderRDF() throws {
        let (products, report) = try ingestFixture("gmc-rss1-google-layout.xml")
        #expect(report.profile == .googleMerchant)
        #expect(products.map(\.id) == ["1a", "2b"], "Google's `<product>` and RSS 1.0's `<item>`; ids trimmed")
        let sweater = try #require(products.first)
        #expect(sweater.title == "Red wool sweater")
        #expect(sweater.link == "https://shop.example.com/product1-info-page.html")
        #expect(sweater.description.hasPrefix("Comfortable and soft"))
        #expect(sweater.price == "25" && sweater.attributes["condition"] == "new")
        #expect(products.last?.title == "Blue cotton scarf" && products.last?.attributes["condition"] == "used")
    }

    @Test func atom1EntriesUseIDLinkHrefSummaryAndContent() throws {
        let (products, report) = try ingestFixture("gmc-atom1-google-layout.xml")
        #expect(report.profile == .googleMerchant)
        #expect(products.map(\.id) == ["1a", "2b"], "Atom's id without a g:id; g:id wins over it")
        let sweater = try #require(products.first)
        #expect(sweater.title == "Red wool sweater")
        #expect(sweater.link == "https://shop.example.com/item1-info-page.html", "rel=self is not the product page")
        #expect(sweater.description.hasPrefix("Comfortable and soft"))
        let scarf = try #require(products.last)
        #expect(scarf.link == "https://shop.example.com/item2-info-page.html")
        #expect(scarf.description == "A light scarf for spring.", "content stands in for a missing summary")
    }

    @Test func atom03EntriesInThePurlNamespace() throws {
        let (products, report) = try ingestFixture("gmc-atom03-google-layout.xml")
        #expect(report.profile == .googleMerchant)
        #expect(products.map(\.id) == ["1a", "2b"], "g:id: every 0.3 entry repeats the feed's <id>, as Google's does")
        let sweater = try #require(products.first)
        #expect(sweater.title == "Red wool sweater" && sweater.link == "https://shop.example.com/item1-info-page.html")
        #expect(sweater.description.hasPrefix("Comfortable and soft") && sweater.price == "25")
        let scarf = try #require(products.last)
        #expect(scarf.link == "https://shop.example.com/item2-info-page.html")
        #expect(scarf.description == "A light scarf for spring.")
    }

    @Test(arguments: [
        "gmc-rss2-google-layout.xml", "gmc-rss1-google-layout.xml", "gmc-atom1-google-layout.xml",
        "gmc-atom03-google-layout.xml",
    ])
    func everyFormatParsesTheSameInTinyChunks(name: String) throws {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.fixture("feeds/\(name)"))))
        let whole = try ingest(bytes).0
        let chunked = try ingest(bytes, chunkSize: 3).0
        #expect(whole == chunked && whole.count == 2)
    }

    @Test(arguments: [
        "gmc-rss2-google-layout.xml", "gmc-rss1-google-layout.xml", "gmc-atom1-google-layout.xml",
        "gmc-atom03-google-layout.xml",
    ])
    func aTruncatedFeedOfEveryFormatIsAPositionedError(name: String) throws {
        let text = try String(contentsOfFile: RepositoryPaths.fixture("feeds/\(name)"), encoding: .utf8)
        let cut = String(text.prefix(text.count * 2 / 3))
        let error = #expect(throws: FeedError.self) { try ingest(cut) }
        guard case .xml(_, let syntax)? = error else {
            Issue.record("expected an XML syntax error, got \(String(describing: error))")
            return
        }
        #expect(syntax.line > 1)
    }

    @Test func elementsOfOtherNamespacesFillNothing() throws {
        let xml = """
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:g="http://base.google.com/ns/1.0"
              xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"><entry>
            <dc:title>Not the title</dc:title><dc:identifier>not-the-id</dc:identifier>
            <media:content url="https://x.test/v.mp4">Not the description</media:content>
            <link rel="enclosure" href="https://x.test/file.zip"/><link rel="related" href="https://x.test/other"/>
            <description>Atom has no description element</description>
            <g:id>C3</g:id><g:image_link>https://x.test/c.png</g:image_link>
            </entry></feed>
            """
        let product = try #require(try ingest(xml).0.first)
        #expect(product.id == "C3")
        #expect(product.title.isEmpty && product.link.isEmpty && product.description.isEmpty)
    }

    @Test func rss2GuidIsNotAnIDAndAtomIDNeverBeatsGID() throws {
        let rss = """
            <rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel><item>
            <guid>https://x.test/p/1</guid><id>plain-id</id><g:image_link>https://x.test/1.png</g:image_link>
            </item></channel></rss>
            """
        let error = #expect(throws: FeedError.self) { try ingest(rss) }
        #expect(error?.description.contains("the item has no id") == true)

        let atom = """
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:g="http://base.google.com/ns/1.0"><entry>
            <id>urn:uuid:1</id><g:id>REAL</g:id><g:image_link>https://x.test/1.png</g:image_link></entry></feed>
            """
        #expect(try ingest(atom).0.map(\.id) == ["REAL"])
    }

    /// Copies of Google's RSS 1.0 example declare `rdf:` as `http://w3.org/…` (no `www.`).
    @Test func rss1UnderGooglesOwnSpellingOfTheRDFNamespace() throws {
        let xml = """
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
            xmlns:g="http://base.google.com/ns/1.0">
            <product rdf:about="http://example.com/product1-info-page.html"><title>Red wool sweater</title>
            <link>http://example.com/product1-info-page.html</link><description>Soft.</description>
            <g:image_link>http://example.com/image1.jpg</g:image_link><g:price>25</g:price>
            <g:condition>new</g:condition><g:id>1a </g:id></product></rdf:RDF>
            """
        let product = try #require(try ingest(xml).0.first)
        #expect(product.id == "1a" && product.title == "Red wool sweater")
    }

    /// Atom 0.3's entry `<id>` repeats the feed's in Google's example: it is never the product id.
    @Test func anAtom03EntryWithoutGIDHasNoID() {
        let xml = """
            <feed version="0.3" xmlns="http://purl.org/atom/ns#" xmlns:g="http://base.google.com/ns/1.0"><entry>
            <id>tag:google.com,2005-10-15:/support/products</id><g:image_link>https://x.test/1.png</g:image_link>
            </entry></feed>
            """
        let error = #expect(throws: FeedError.self) { try ingest(xml) }
        #expect(error?.description.contains("has no id") == true, "\(String(describing: error))")
    }

    @Test func anUnknownRootNamesTheFourFormats() {
        let other = #expect(throws: FeedError.self) {
            try ingest(#"<feed xmlns="http://example.com/not-atom"><entry/></feed>"#)
        }
        #expect(other?.description.contains("RSS 1.0 <rdf:RDF>, or Atom 1.0 or 0.3 <feed>") == true)
    }

    @Test func aDoctypeInAnRSS1FeedIsRefused() {
        let xml = """
            <?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
            <item><title>&x;</title></item></rdf:RDF>
            """
        let error = #expect(throws: FeedError.self) { try ingest(xml) }
        #expect(error?.description.contains("DOCTYPE") == true)
    }
}
