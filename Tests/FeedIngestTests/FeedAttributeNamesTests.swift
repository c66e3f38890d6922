import CatalogModel
import FeedIngest
import Testing

/// The names `{{attributes.X}}` can take for a feed, gathered while streaming: CSV from the
/// header, XML from the item elements seen, whether or not a given record fills them.
struct FeedAttributeNamesTests {
    @Test func csvColumnsNoFieldTakesAreAttributesEvenWhenEveryCellIsBlank() throws {
        let csv = "id,title,image_link,Condition,Finish Type,color,notes\nA,Mug,https://x.test/a.png,new,,red,\n"
        let (products, report) = try ingest(csv)
        #expect(report.attributeNames == ["condition", "finish_type", "notes"])
        #expect(products.first?.attributes == ["condition": "new"])
    }

    @Test func mappedColumnsAreFieldsNotAttributes() throws {
        let csv = "SKU,Name,Picture,grade\nA,Mug,https://x.test/a.png,B\n"
        let options = FeedOptions(mapping: ["id": "SKU", "title": "Name", "image_link": "Picture"])
        #expect(try ingest(csv, options: options).1.attributeNames == ["grade"])
    }

    @Test func xmlElementsSeenInAnyItemCountEmptyOrNot() throws {
        let xml = """
            <rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel><g:target_country>US</g:target_country>
            <item><g:id>A</g:id><title>Mug</title><g:image_link>https://x.test/a.png</g:image_link>
            <g:condition>new</g:condition><g:color>red</g:color></item>
            <item><g:id>B</g:id><g:image_link>https://x.test/b.png</g:image_link><g:custom_label_0/>
            <g:material>clay</g:material><guid>b</guid></item>
            </channel></rss>
            """
        let (_, report) = try ingest(xml, chunkSize: 5)
        // `g:color` and `g:material` are product fields; `title` and `guid` are RSS's own; the
        // channel's `g:target_country` is not an item's.
        #expect(report.attributeNames == ["condition", "custom_label_0"])
    }

    @Test func genericXMLUsesLocalNamesAfterTheMapping() throws {
        let xml = "<catalog><product><sku>W</sku><picture>https://x.test/w.png</picture><finish/></product></catalog>"
        let options = FeedOptions(
            profile: .genericXML, mapping: ["id": "sku", "image_link": "picture"], itemElement: "product")
        #expect(try ingest(xml, options: options).1.attributeNames == ["finish"])
    }
}
