import CatalogTestSupport
import FeedIngest
import Testing

/// Parses `text` fed in chunks of `chunkSize` bytes (so record boundaries fall everywhere).
func parseCSV(_ text: String, chunkSize: Int = 1 << 16, delimiter: Character = ",") throws -> [CSVRecord] {
    try parseCSV(Array(text.utf8), chunkSize: chunkSize, delimiter: delimiter)
}

func parseCSV(_ bytes: [UInt8], chunkSize: Int = 1 << 16, delimiter: Character = ",") throws -> [CSVRecord] {
    var parser = CSVParser(delimiter: delimiter.asciiValue ?? 44)
    var records: [CSVRecord] = []
    try forEachChunk(of: bytes, size: chunkSize) { try parser.consume($0) { records.append($0) } }
    try parser.finish { records.append($0) }
    return records
}

@Suite(.offThePool)
struct CSVParserTests {
    @Test(arguments: [1, 2, 7, 1 << 16])
    func quotedFieldsWithDelimitersQuotesAndLineBreaks(chunkSize: Int) throws {
        let text = "id,title\r\n1,\"Mug, red\"\r\n2,\"The \"\"Best\"\" lamp\"\r\n3,\"two\nlines\"\r\n"
        let records = try parseCSV(text, chunkSize: chunkSize)
        #expect(
            records.map(\.fields) == [
                ["id", "title"], ["1", "Mug, red"], ["2", "The \"Best\" lamp"], ["3", "two\nlines"],
            ])
        #expect(records.map(\.line) == [1, 2, 3, 4])
    }

    @Test func lineNumbersCountLineBreaksInsideQuotedFields() throws {
        let records = try parseCSV("a\n\"x\r\ny\nz\"\nb\n")
        #expect(records.map(\.fields) == [["a"], ["x\r\ny\nz"], ["b"]])
        #expect(records.map(\.line) == [1, 2, 5])
    }

    @Test func mixedLineEndsInsideAQuotedFieldAreEachCounted() throws {
        let records = try parseCSV("\"a\rb\nc\"\nnext\n")
        #expect(records.map(\.line) == [1, 4])
    }

    @Test(arguments: ["a,b\nc,d\n", "a,b\r\nc,d\r\n", "a,b\rc,d\r", "a,b\nc,d"])
    func everyLineEndingStyle(text: String) throws {
        #expect(try parseCSV(text).map(\.fields) == [["a", "b"], ["c", "d"]])
    }

    @Test func aByteOrderMarkIsSkippedEvenSplitAcrossChunks() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,title\n1,x\n".utf8)
        for chunk in [1, 2, 3, 64] {
            let records = try parseCSV(bytes, chunkSize: chunk)
            #expect(records.first?.fields == ["id", "title"], "chunk \(chunk)")
        }
    }

    @Test func blankLinesAreNotRecordsButRaggedRowsAre() throws {
        let records = try parseCSV("a,b,c\n\n1,2\n\r\n1,2,3,4\n")
        #expect(records.map(\.fields) == [["a", "b", "c"], ["1", "2"], ["1", "2", "3", "4"]])
        #expect(records.map(\.line) == [1, 3, 5])
    }

    @Test func emptyQuotedFieldsAndTrailingEmptyField() throws {
        #expect(try parseCSV("\"\",x,\n").map(\.fields) == [["", "x", ""]])
    }

    @Test func anUnterminatedQuoteIsAnErrorAtTheLineItOpens() {
        #expect(throws: CSVSyntaxError(reason: .unterminatedQuote, line: 2)) {
            try parseCSV("id,title\n1,\"never closed\n2,x\n")
        }
    }

    @Test func invalidUTF8IsReportedWithItsLine() {
        let bytes = Array("id,title\n1,ok\n2,".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        #expect(throws: CSVSyntaxError(reason: .invalidUTF8, line: 3)) { try parseCSV(bytes) }
    }

    @Test func otherDelimiters() throws {
        #expect(try parseCSV("a\tb\n\"x\ty\"\tz\n", delimiter: "\t").map(\.fields) == [["a", "b"], ["x\ty", "z"]])
        #expect(try parseCSV("a;b\n1,5;2\n", delimiter: ";").map(\.fields) == [["a", "b"], ["1,5", "2"]])
    }

    @Test func aTenMegabyteFieldSurvivesIntact() throws {
        let big = String(repeating: "x", count: 10 << 20)
        let records = try parseCSV("id,description\n1,\"\(big)\"\n", chunkSize: 1 << 16)
        #expect(records.count == 2)
        #expect(records[1].fields[1].utf8.count == 10 << 20)
    }
}
