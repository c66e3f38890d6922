import CatalogModel
import FeedIngest
import Testing

@Suite("Control characters in ids attacks")
struct ControlCharacterIDAttackTests {
    /// #20 item 2: ids with a NUL, CR, LF, ESC, tab, DEL or C1 character in a CSV feed are
    /// rejected rows with their line, through the error budget; clean ids pass.
    @Test func csvIDsWithControlCharactersAreRejectedRowsWithTheirLine() throws {
        let ids = ["ab\0cd", "ab\0xy", "ab\rcd", "ab\ncd", "ab\u{1B}[2Jcd", "ab\tcd", "ab\u{7F}cd", "ab\u{85}cd"]
        let csv =
            "id,title,image_link\n" + ids.map { "\"\($0)\",Mug,https://x.test/a.png\n" }.joined()
            + "ab,Mug,https://x.test/a.png\n"
        let (products, report) = try ingest(csv, options: FeedOptions(maxInvalidRows: ids.count))
        #expect(products.map(\.id) == ["ab"])
        #expect(report.rejectedCount == ids.count)
        // Row 2 is the first data row; the quoted CR and LF each start a line, so later rows move on.
        #expect(report.rejected.map(\.line) == [2, 3, 4, 6, 8, 9, 10, 11])
        #expect(report.rejected.allSatisfy { $0.reason.contains("control character") })
        #expect(
            report.rejected.first?.reason.contains(#"id `ab\x00cd` has a control character"#) == true,
            "the id is named, escaped")
        #expect(report.rejected.allSatisfy { !$0.reason.containsControlCharacter }, "never printed raw")
    }

    /// #20 item 2: the same in an XML feed (characters XML 1.0 lets through: CR, LF, tab, DEL,
    /// C1), each with its line and item.
    @Test func xmlIDsWithControlCharactersAreRejectedItemsWithTheirPosition() throws {
        let ids = ["ab&#10;cd", "ab&#13;cd", "ab&#9;cd", "ab&#x7F;cd", "ab&#x9B;cd", "ab"]
        let items = ids.map {
            "<item><g:id>\($0)</g:id><g:image_link>https://x.test/a.png</g:image_link></item>\n"
        }
        let xml =
            "<rss xmlns:g=\"http://base.google.com/ns/1.0\"><channel>\n" + items.joined() + "</channel></rss>"
        let (products, report) = try ingest(xml, options: FeedOptions(maxInvalidRows: 5))
        #expect(products.map(\.id) == ["ab"])
        #expect(report.rejected.map(\.item) == [1, 2, 3, 4, 5])
        #expect(report.rejected.map(\.line) == [2, 3, 4, 5, 6])
        #expect(report.rejected.allSatisfy { $0.reason.contains("control character") })
    }

    /// #20 item 2: past the budget the feed stops, as for any invalid row.
    @Test func controlCharacterIDsCountAgainstTheErrorBudget() {
        let csv = "id,title,image_link\n\"a\0b\",Mug,https://x.test/a.png\n"
        #expect(throws: FeedError.self) { try ingest(csv, options: FeedOptions(maxInvalidRows: 0)) }
    }
}
