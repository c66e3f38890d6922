import AssetStorage
import CatalogModel
import Testing

/// The byte-by-byte `safeComponent` names every id exactly as the scalar-by-scalar one it
/// replaced: stored images are found by these paths, so a different name would orphan them.
struct SafeComponentEquivalenceTests {
    /// The implementation before the byte-by-byte one, kept here as the reference.
    static func reference(_ raw: String) -> String {
        var safe = String(
            raw.unicodeScalars.map { scalar -> Character in
                let allowed =
                    scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || "._-".unicodeScalars.contains(scalar))
                return allowed ? Character(scalar) : "_"
            })
        if safe.hasPrefix(".") { safe = "_" + safe.dropFirst() }
        if safe.count > 80 { safe = String(safe.prefix(80)) }
        if safe != raw || safe.isEmpty {
            safe += "-" + SHA256.hash(Array(raw.utf8)).hex.prefix(8)
        }
        return safe
    }

    static let hostile = [
        "", "MUG-001", ".hidden", "..", "a/b", "a b", "ünïcödé", "e\u{301}", "\r\n", "K\u{212A}", "日本語", "🧑‍🍳",
        String(repeating: "a", count: 80), String(repeating: "a", count: 81), String(repeating: "é", count: 60),
        String(repeating: "x", count: 79) + "é", ".a" + String(repeating: "b", count: 90), "nul\u{0}byte", "tab\t",
        "semi;colon", "~tilde", "UPPER.lower_", "-", "_", ".", String(repeating: "🙂", count: 30),
    ]

    @Test(arguments: hostile) func aHostileIDIsNamedAsBefore(id: String) {
        #expect(OutputNaming.safeComponent(id) == Self.reference(id))
    }

    @Test func randomIDsAreNamedAsBefore() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aZ09._-/ é日🙂\u{301}\u{0}.")
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...100, using: &generator)
            let id = String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? "a" })
            #expect(OutputNaming.safeComponent(id) == Self.reference(id), "\(id.debugDescription)")
        }
    }
}
