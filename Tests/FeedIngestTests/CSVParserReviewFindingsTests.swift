import FeedIngest
import Testing

/// Failing tests from the review of the ingestion speed rewrite: each demonstrates a bug.
struct CSVParserReviewFindingsTests {
    /// Inside a quoted field, CR, then an escaped quote, then LF are two line breaks (the LF is
    /// not the second half of a CR LF pair: `""` sits between them). The parser's
    /// `previousWasCRInsideField` survives the `""`, so the LF is not counted and every later
    /// line number is one too small.
    @Test(arguments: [1, 3, 1 << 16])
    func aLineFeedAfterCarriageReturnAndEscapedQuoteIsItsOwnLine(chunkSize: Int) throws {
        // Physical lines: 1 `"a`, 2 `""`, 3 `b",c`, 4 `next,1` (Python's csv module agrees).
        let records = try parseCSV("\"a\r\"\"\nb\",c\nnext,1\n", chunkSize: chunkSize)
        #expect(records.map(\.fields) == [["a\r\"\nb", "c"], ["next", "1"]])
        #expect(records.map(\.line) == [1, 4])
    }

    /// A quote opened early and never closed makes the parser buffer the rest of the file in one
    /// record before it reports the error at the end: memory grows with the feed (a 128 MB file
    /// peaks at 173 MB RSS through `catalog-refresh feed`, a 1 GB one would take gigabytes),
    /// against issue 3's "peak RSS under 64 MB, not growing with feed size". XML caps a field at
    /// 16 MB; CSV needs a cap on the record too, failing with the line where it started.
    @Test func anUnterminatedQuoteDoesNotBufferTheRestOfTheFile() {
        var parser = CSVParser()
        let filler = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        var failed = false
        do {
            try Array("id,title\n1,\"".utf8).withUnsafeBytes { try parser.consume($0) { _ in } }
            for _ in 0..<80 { try filler.withUnsafeBytes { try parser.consume($0) { _ in } } }
        } catch {
            failed = true
        }
        #expect(failed, "80 MB inside one quoted field were buffered without complaint")
    }
}
