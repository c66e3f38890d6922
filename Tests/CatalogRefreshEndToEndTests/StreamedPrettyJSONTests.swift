import Foundation
import Planner
import Testing

@testable import catalog_refresh

/// `plan --format json` writes its changes one at a time (`StreamedPrettyJSON`): the pieces must
/// join into exactly what `JSONEncoder` writes for the whole value, whatever the items hold.
struct StreamedPrettyJSONTests {
    struct Summary: Encodable {
        var changes: [ProductChange]
        var cost: Double
        var empty: [String]
        var spec: String
    }

    static let hostile = [
        "MUG-1", "q\"uote", "back\\slash", "a/b", "tab\there", "new\nline", "nul\u{0}", "\u{1}\u{1f}",
        "ünï €", "emoji 🧴", "line\u{2028}sep", "", "changes\" : [\n\n  ]",
    ]

    static func whole(_ summary: Summary) throws -> String {
        String(decoding: try StreamedPrettyJSON.encoder().encode(summary), as: UTF8.self)
    }

    static func streamed(_ summary: Summary) throws -> (text: String, pieces: Int) {
        var shell = summary
        shell.changes = []
        var pieces: [String] = []
        try StreamedPrettyJSON.write(shell, key: "changes", items: summary.changes) { pieces.append($0) }
        return (pieces.joined(), pieces.count)
    }

    @Test(arguments: [0, 1, 2, 40])
    func theStreamedTextIsTheEncodersText(count: Int) throws {
        let changes = (0..<count).map { index in
            ProductChange(
                productID: Self.hostile[index % Self.hostile.count] + "\(index)",
                kind: index % 3 == 0 ? .changed : .new,
                reasons: index % 3 == 0 ? ["prompt", Self.hostile[(index + 1) % Self.hostile.count]] : [],
                variants: ["background=marble", "background=" + Self.hostile[(index + 2) % Self.hostile.count]])
        }
        let summary = Summary(changes: changes, cost: 1.5, empty: [], spec: "a \"spec\" /x")
        #expect(try Self.streamed(summary).text == Self.whole(summary))
    }

    @Test func aLongListIsHandedOverInPieces() throws {
        let changes = (0..<3_000).map {
            ProductChange(productID: "P-\($0)", kind: .new, reasons: [], variants: ["background=marble"])
        }
        let summary = Summary(changes: changes, cost: 0, empty: [], spec: "s")
        let (text, pieces) = try Self.streamed(summary)
        #expect(text == (try Self.whole(summary)))
        #expect(pieces > 3, "\(pieces) pieces for \(text.utf8.count) bytes")
    }
}
