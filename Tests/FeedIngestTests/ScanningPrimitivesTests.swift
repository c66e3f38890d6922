import CatalogModel
import CatalogTestSupport
import Testing

@testable import FeedIngest

/// The byte-level pieces under the parsers, checked against the obvious slow versions.
struct ScanningPrimitivesTests {
    @Test(arguments: 0..<20)
    func theWordAtATimeScanFindsWhatAByteLoopFinds(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed))
        let alphabet: [UInt8] = Array("ab,\"\n\r\u{7F}".utf8) + [0x00, 0x80, 0xFF, 0x2B, 0x2D, 0x0C, 0x0E]
        let bytes = (0..<Int.random(in: 0...70, using: &random)).map { _ in alphabet.randomElement(using: &random) ?? 0
        }
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for start in 0...bytes.count {
                for (a, b, c) in [
                    (UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r")), (0x22, 0x0A, 0x0D), (0x00, 0xFF, 0x80),
                ] {
                    let expected = bytes[start...].firstIndex { $0 == a || $0 == b || $0 == c } ?? bytes.count
                    let found = ByteScanner.firstIndex(in: base, from: start, to: bytes.count, of: a, b, c)
                    #expect(found == expected, "seed \(seed), start \(start), bytes \(bytes)")
                }
            }
        }
    }

    @Test(
        arguments: [
            ([0x61, 0xC3, 0xA9], nil),  // é
            ([0xF0, 0x9F, 0x98, 0x80], nil),  // 😀
            ([0xEF, 0xBB, 0xBF], nil),  // BOM
            ([0x80], 0),  // stray continuation
            ([0x61, 0xC3], 1),  // truncated
            ([0xC0, 0xAF], 0),  // overlong '/'
            ([0xE0, 0x80, 0xAF], 0),  // overlong
            ([0xED, 0xA0, 0x80], 0),  // surrogate
            ([0xF4, 0x90, 0x80, 0x80], 0),  // past U+10FFFF
            ([0xF5, 0x80, 0x80, 0x80], 0),
            ([0x61, 0x62, 0xE2, 0x82], 2),  // truncated €
            ([0xE2, 0x28, 0xA1], 0),  // bad continuation
        ] as [([UInt8], Int?)])
    func utf8ValidationNamesTheFirstBadByte(bytes: [UInt8], expected: Int?) {
        #expect(bytes.withUnsafeBufferPointer(UTF8Validation.firstInvalidOffset(in:)) == expected)
    }

    @Test(arguments: 0..<10)
    func utf8ValidationAgreesWithTheStandardLibrary(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed) &+ 1000)
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...8, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random)
            }
            let valid = bytes.withUnsafeBufferPointer(UTF8Validation.firstInvalidOffset(in:)) == nil
            #expect(valid == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
    }

    @Test func theIDSetFindsEveryDuplicateAcrossGrowth() {
        var seen = IDHashSet()
        var fresh = 0
        for index in 0..<50_000 where seen.insert(hash: IDHashSet.hash("SKU-\(index)")) { fresh += 1 }
        #expect(fresh == 50_000)
        #expect(seen.count == 50_000)
        var duplicates = 0
        for index in stride(from: 0, to: 50_000, by: 7) where !seen.insert(hash: IDHashSet.hash("SKU-\(index)")) {
            duplicates += 1
        }
        #expect(duplicates == (50_000 + 6) / 7)
        #expect(seen.contains(hash: IDHashSet.hash("SKU-49999")))
        #expect(!seen.contains(hash: IDHashSet.hash("SKU-50000")))
        #expect(seen.count == 50_000)
    }

    /// The Shopify folder asks every row whether its handle is the product's without making a
    /// `String`: the answer must be `trimmed(_:) == text`, whatever the padding or the Unicode.
    @Test(arguments: [
        ("product-1", "product-1"), ("  product-1\t", "product-1"), ("product-1", "product-2"),
        ("product-1", "product-10"), ("", ""), ("   ", ""), ("a", ""), ("\u{A0}caf\u{E9}\u{A0}", "caf\u{E9}"),
        ("cafe\u{301}", "caf\u{E9}"), ("caf\u{E9}", "cafe"), ("\u{A0}x", "x"), ("x\u{A0}", "x\u{A0}"),
    ])
    func aFieldComparedAsBytesAnswersAsTheTrimmedString(field: String, text: String) {
        let record = CSVRecord(fields: ["before", field], line: 1)
        #expect(record.trimmed(1, equals: text) == (record.trimmed(1) == text), "\(field.debugDescription)")
        #expect(record.trimmed(5, equals: text) == text.isEmpty, "a missing field reads as empty")
    }

    /// Links are checked for a space or a control byte eight bytes at a time: the answer must be
    /// a byte loop's, for every byte value at every place in buffers of every length around a
    /// word, the neighbours either just above the limit or anything.
    @Test func theWordAtATimeSpaceCheckAnswersAsAByteLoop() {
        var random = SeededRandom(seed: 20)
        for length in 1...19 {
            for place in 0..<length {
                for value in UInt8.min...UInt8.max {
                    var bytes = (0..<length).map { _ in
                        random.next() % 2 == 0 ? 0x21 : UInt8(truncatingIfNeeded: random.next()) | 0x21
                    }
                    bytes[place] = value
                    let byLoop = bytes.contains { $0 <= 0x20 }
                    let byWords = bytes.withUnsafeBufferPointer { ProductValidator.hasSpaceOrControlByte($0) }
                    #expect(byWords == byLoop, "\(bytes)")
                }
            }
        }
        #expect(![UInt8]().withUnsafeBufferPointer { ProductValidator.hasSpaceOrControlByte($0) })
    }
}
