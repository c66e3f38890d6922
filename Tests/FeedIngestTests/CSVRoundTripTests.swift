import CatalogModel
import CatalogTestSupport
import FeedIngest
import Foundation
import Testing

/// Random tables written the way exports write them (quoting where needed and sometimes where
/// not, LF or CRLF), parsed back in random chunk sizes: the same fields and start lines.
struct CSVRoundTripTests {
    private static let pieces = ["a", "Zürich", "日本語", ",", "\"", "\n", "\r\n", " ", "x y", "😀", "\t", ";", "''"]

    @Test(arguments: 0..<25)
    func randomTablesSurviveAWriteAndARead(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed))
        var rows: [[String]] = []
        for _ in 0..<Int.random(in: 1...40, using: &random) {
            rows.append(
                (0..<Int.random(in: 1...6, using: &random)).map { _ in
                    (0..<Int.random(in: 0...5, using: &random)).map { _ in
                        Self.pieces.randomElement(using: &random) ?? ""
                    }.joined()
                })
        }
        let lineEnd = Bool.random(using: &random) ? "\r\n" : "\n"
        var text = ""
        var expectedLines: [Int] = []
        var line = 1
        for row in rows {
            expectedLines.append(line)
            let encoded = row.map { field -> String in
                let needsQuotes =
                    field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")
                    || (row.count == 1 && field.isEmpty)
                guard needsQuotes || Bool.random(using: &random) && !field.isEmpty else { return field }
                return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }.joined(separator: ",")
            text += encoded + lineEnd
            line += 1 + row.joined().filter { $0 == "\n" || $0 == "\r\n" }.count
        }
        for chunkSize in [1, 3, Int.random(in: 4...64, using: &random), 1 << 16] {
            let records = try parseCSV(text, chunkSize: chunkSize)
            #expect(records.map(\.fields) == rows, "seed \(seed), chunk \(chunkSize)")
            #expect(records.map(\.line) == expectedLines, "seed \(seed), chunk \(chunkSize)")
        }
    }

    @Test func aCharacterSplitAcrossTwoFieldsIsInvalid() {
        // 0xC3 ends one field and 0xA9 starts the next: valid only if the fields were glued.
        let bytes = Array("id,title\n1,a".utf8) + [0xC3] + Array(",".utf8) + [0xA9] + Array("b\n".utf8)
        #expect(throws: CSVSyntaxError(reason: .invalidUTF8, line: 2)) { try parseCSV(bytes) }
    }

    @Test func anInvalidByteAfterALineBreakInsideAFieldNamesItsOwnLine() {
        let bytes = Array("id,text\n1,\"first\nsecond ".utf8) + [0xFF] + Array("\"\n".utf8)
        #expect(throws: CSVSyntaxError(reason: .invalidUTF8, line: 3)) { try parseCSV(bytes) }
    }

    @Test func fieldsAreReadTrimmedOrWholeAndPastTheEndAsEmpty() throws {
        let record = try #require(try parseCSV("  a ,\u{A0}b\u{A0},,\" c\"\n").first)
        #expect(record.count == 4)
        #expect(record[0] == "  a ")
        #expect(record.trimmed(0) == "a")
        #expect(record.trimmed(1) == "b")
        #expect(record.isEmpty(2) && record.isEmpty(9) && !record.isEmpty(3))
        #expect(record[9] == "" && record.trimmed(3) == "c")
    }
}
