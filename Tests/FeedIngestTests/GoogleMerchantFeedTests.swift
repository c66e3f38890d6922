import CatalogModel
import CatalogTestSupport
import FeedIngest
import Testing

struct GoogleMerchantFeedTests {
    /// A feed written on one line has every item on line 2 (after the XML declaration): each
    /// product also carries its item number, which messages about it give.
    @Test func itemsOfAOneLineFeedKnowTheirNumber() throws {
        let items = (1...3).map {
            "<item><g:id>P\($0)</g:id><g:title>Mug</g:title><g:image_link>https://x.test/\($0).png</g:image_link></item>"
        }.joined()
        let (products, _) = try ingest(
            "<?xml version=\"1.0\"?>\n<rss xmlns:g=\"http://base.google.com/ns/1.0\"><channel>\(items)</channel></rss>")
        #expect(products.map(\.sourceLine) == [2, 2, 2])
        #expect(products.map(\.sourceItem) == [1, 2, 3])
    }

    @Test func rssWithTheGNamespace() throws {
        let (products, report) = try ingestFixture(
            "gmc-rss-importpc-excerpt.xml", options: FeedOptions(maxInvalidRows: 1))
        #expect(report.profile == .googleMerchant)
        #expect(
            products.map(\.id) == [
                "2ed1c8b3-157c-4aec-b2e4-2c16d17df109", "b8e32666-1223-4591-bec7-3724612268e4",
                "22fe6a28-1137-4d09-b2a7-1c5f61784df6", "BC-FU-LI3560",
            ])
        let first = try #require(products.first)
        #expect(first.title == "Nabíječka Movano 19.5V 4.62A (4.5x3.0 PIN) pro Dell")
        #expect(first.link == "https://www.importpc.cz/ZZ-DEL195462P/")
        #expect(
            first.imageLink
                == "https://raw.githubusercontent.com/petrfilo-arch/importpc-feed/main/images/ZZ-DEL195462P_1.jpg")
        #expect(first.additionalImageLinks.count == 5)
        #expect(
            first.additionalImageLinks.first
                == "https://raw.githubusercontent.com/petrfilo-arch/importpc-feed/main/images/ZZ-DEL195462P_2.jpg")
        // The item's own g:price, not the ones nested in g:shipping.
        #expect(first.price == "599 CZK")
        // The whole channel is on line 2: positions name the item too.
        #expect(report.rejected == [RejectedRecord(line: 2, item: 5, reason: "duplicate id `BC-FU-LI3560`")])
    }

    @Test func atomEntriesWithMissingIDsAndImages() throws {
        let (products, report) = try ingestFixture(
            "gmc-atom-bigcommerce-excerpt.xml", options: FeedOptions(maxInvalidRows: 2))
        #expect(products.map(\.id) == ["013864106276", "736425490729"])
        let first = try #require(products.first)
        #expect(first.title == "Thomasville Suzette Euro Sham Cape")
        #expect(first.brand == "Thomasville")
        #expect(first.price == "40.99 USD")
        #expect(first.gtin == "013864106276" && first.mpn == "ES1845-20")
        // Decoded once: the feed's double escaping leaves the literal text &quot;.
        #expect(first.description.hasPrefix("26&quot; x 26&quot; + 2.5&quot; flanged edge"))
        #expect(first.googleProductCategory == "Home & Garden > Linens & Bedding > Bedding > Pillowcases & Shams")
        #expect(first.attributes["condition"] == "New")
        #expect(first.attributes["custom_label_0"] == "shams")
        #expect(first.attributes["age_group"] == nil, "empty elements are not values")
        #expect(report.rejected.map(\.reason) == ["product `762416081539` has no image link", "the item has no id"])
        #expect(report.rejected.map(\.item) == [3, 4])
    }

    @Test func theTabSeparatedFeedWithQuotedCells() throws {
        let (products, report) = try ingestFixture("gmc-tsv-lakeerie-excerpt.tsv")
        #expect(products.count == 5)
        #expect(report.profile == .genericCSV)
        let first = try #require(products.first)
        #expect(first.id == "98650bd8-5981-4055-8e14-5e144a04a23a")
        #expect(first.title == "\"Lake Erie Loot Crew\" Women's Spaghetti Strap Pirate Fest Tank Top")
        #expect(
            first.imageLink == "https://static.wixstatic.com/media/e35453_da7933887ca746fca2402f2d6a1f4e9f~mv2.jpeg")
        #expect(first.additionalImageLinks == [])
        #expect(first.itemGroupID == "2d50ecb4-8320-40e2-ab5c-17883fe08b4c")
        #expect(
            first.color == "Solid White Blend" && first.size == "L" && first.gender == "female"
                && first.ageGroup == "adult")
        #expect(first.googleProductCategory == "Apparel & Accessories > Clothing > Shirts & Tops")
    }

    @Test func aGPrefixBoundToTheWrongURIIsNamedNotSilentlyEmpty() {
        let error = #expect(throws: FeedError.self) { try ingestFixture("gmc-rss-wrong-namespace-excerpt.xml") }
        #expect(
            error?.description.contains(
                "the `g:` prefix is bound to http://google.com, not http://base.google.com/ns/1.0") == true)
    }

    @Test func aMalformedFeedStopsAtItsFirstError() {
        let error = #expect(throws: FeedError.self) { try ingestFixture("gmc-rss-airfeel-malformed-excerpt.xml") }
        guard case .xml(_, let syntax)? = error else {
            Issue.record("expected an XML syntax error, got \(String(describing: error))")
            return
        }
        #expect(syntax.line == 13 && syntax.column == 92)
        #expect(syntax.message == "EntityRef: expecting ';'")
    }

    @Test func namespacesResolveByURINotPrefix() throws {
        let xml = """
            <rss xmlns:google="http://base.google.com/ns/1.0" version="2.0"><channel><item>
            <google:id>A1</google:id><title>Plain RSS title</title><google:image_link>https://x.test/a.png</google:image_link>
            <link>https://x.test/a</link><google:color><![CDATA[Red & <b>Blue</b>]]></google:color>
            <google:material>Caf&#233; &amp; co</google:material>
            </item></channel></rss>
            """
        let (products, _) = try ingest(xml, chunkSize: 7)
        let product = try #require(products.first)
        #expect(product.id == "A1")
        #expect(product.title == "Plain RSS title")
        #expect(product.link == "https://x.test/a")
        #expect(product.color == "Red & <b>Blue</b>")
        #expect(product.material == "Café & co")
    }

    @Test func atomLinksCarryTheirHref() throws {
        let xml = """
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:g="http://base.google.com/ns/1.0"><entry>
            <g:id>B2</g:id><title>Atom title</title><link href="https://x.test/b"/><g:image_link>https://x.test/b.png</g:image_link>
            </entry></feed>
            """
        let product = try #require(try ingest(xml).0.first)
        #expect(product.title == "Atom title" && product.link == "https://x.test/b")
    }

    @Test func genericXMLUsesTheSpecsItemElementAndMapping() throws {
        let xml = """
            <?xml version="1.0"?><catalog><product><sku>W-1</sku><name>Vase</name><picture>https://x.test/v.png</picture>
            <picture_2>https://x.test/v2.png</picture_2><finish>matte</finish></product></catalog>
            """
        let options = FeedOptions(
            profile: .genericXML,
            mapping: ["id": "sku", "title": "name", "image_link": "picture", "additional_image_links": "picture_2"],
            itemElement: "product")
        let (products, report) = try ingest(xml, options: options)
        #expect(report.profile == .genericXML)
        let product = try #require(products.first)
        #expect(product.id == "W-1" && product.title == "Vase" && product.imageLink == "https://x.test/v.png")
        #expect(product.additionalImageLinks == ["https://x.test/v2.png"])
        #expect(product.attributes == ["finish": "matte"])
    }

    @Test func anUnknownRootSaysWhatToDo() {
        let error = #expect(throws: FeedError.self) { try ingest("<catalog><product/></catalog>") }
        #expect(error?.description.contains("set feed.profile: generic-xml and feed.item_element") == true)
    }
}
