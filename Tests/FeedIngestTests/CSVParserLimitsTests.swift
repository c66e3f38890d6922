import CatalogTestSupport
import FeedIngest
import Testing

/// Line counting across escaped quotes, and the bounds that keep a runaway record from holding
/// the rest of the file in memory.
@Suite(.offThePool)
struct CSVParserLimitsTests {
    /// Inside a quoted field, CR, then an escaped quote, then LF are two line breaks (the LF is
    /// not the second half of a CR LF pair: `""` sits between them).
    @Test(arguments: [1, 3, 1 << 16])
    func aLineFeedAfterCarriageReturnAndEscapedQuoteIsItsOwnLine(chunkSize: Int) throws {
        // Physical lines: 1 `"a`, 2 `""`, 3 `b",c`, 4 `next,1` (Python's csv module agrees).
        let records = try parseCSV("\"a\r\"\"\nb\",c\nnext,1\n", chunkSize: chunkSize)
        #expect(records.map(\.fields) == [["a\r\"\nb", "c"], ["next", "1"]])
        #expect(records.map(\.line) == [1, 4])
    }

    /// A CR ending one quoted field and an LF starting the next are two lines, for the
    /// invalid-UTF-8 position as for the parser.
    @Test func anInvalidByteAfterLineBreaksInTwoFieldsNamesItsLine() {
        let bytes = Array("id,a,b\n1,\"x\r\",\"\ny".utf8) + [0xFF] + Array("\"\n".utf8)
        #expect(throws: CSVSyntaxError(reason: .invalidUTF8, line: 4)) { try parseCSV(bytes) }
    }

    /// A quote opened and never closed stops at the record cap with the line it opened on,
    /// instead of buffering the rest of the feed.
    @Test func anUnterminatedQuoteStopsAtTheRecordCapWithItsLine() {
        var parser = CSVParser()
        let filler = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        #expect(throws: CSVSyntaxError(reason: .recordTooLarge, line: 2)) {
            try Array("id,title\n1,\"".utf8).withUnsafeBytes { try parser.consume($0) { _ in } }
            for _ in 0..<80 { try filler.withUnsafeBytes { try parser.consume($0) { _ in } } }
        }
    }

    @Test func aLineWithoutEndOrWithEndlessDelimitersStopsToo() {
        let noLineEnds = [UInt8]("id\n".utf8) + [UInt8](repeating: UInt8(ascii: "y"), count: 17 << 20)
        #expect(throws: CSVSyntaxError(reason: .recordTooLarge, line: 2)) { try parseCSV(noLineEnds) }
        let delimiters = [UInt8]("id\n".utf8) + [UInt8](repeating: UInt8(ascii: ","), count: 200_000)
        #expect(throws: CSVSyntaxError(reason: .recordTooLarge, line: 2)) { try parseCSV(delimiters) }
    }
}
