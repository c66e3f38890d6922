import CatalogModel
import Testing

/// Fingerprints are stored: the bytes they hash must never move, or a nightly run would take a
/// whole catalog for changed and pay for it again.
struct JobFingerprintStabilityTests {
    /// The construction before parts were hashed in place, kept as the reference.
    static func reference(settings: ImageSettings, prompt: String, references: [ReferenceImage]) -> String {
        var hasher = SHA256()
        var parts = [
            "fingerprint-v1", settings.model, settings.size, settings.resolution, settings.quality ?? "-", prompt,
        ]
        parts.append(String(references.count))
        parts.append(contentsOf: references.map(\.link))
        for part in parts {
            hasher.update(String(part.utf8.count) + ":")
            hasher.update(part)
        }
        return hasher.finalize().hex
    }

    @Test(
        arguments: [
            ("A mug on marble", ["https://x.test/a.png"], nil),
            ("", [], "high"),
            ("ünïcödé 🙂 prompt\nwith lines", ["images/a.png", "https://x.test/b.png?c=1,2"], "low"),
            // Lengths and a count of two to five digits.
            (String(repeating: "é", count: 617), (1...12).map { "https://x.test/\($0).png" }, "medium"),
            (String(repeating: "a", count: 10_000), [String(repeating: "l", count: 100)], "high"),
        ] as [(String, [String], String?)])
    func theFingerprintHashesTheSameBytes(prompt: String, links: [String], quality: String?) {
        let settings = ImageSettings(model: "gpt-image-2", size: "1:1", resolution: "1K", quality: quality)
        let references = links.map { ReferenceImage(link: $0, location: "/elsewhere/\($0)") }
        let fingerprint = JobFingerprint(settings: settings, prompt: prompt, references: references)
        #expect(fingerprint.hex == Self.reference(settings: settings, prompt: prompt, references: references))
    }

    @Test func aKnownJobKeepsItsKnownFingerprint() {
        let settings = ImageSettings(model: "gpt-image-2", size: "1:1", resolution: "1K", quality: "medium")
        let fingerprint = JobFingerprint(
            settings: settings, prompt: "A mug on marble",
            references: [ReferenceImage(link: "https://x.test/a.png", location: "https://x.test/a.png")])
        // hashlib.sha256 over the same length-prefixed parts gives this too.
        #expect(fingerprint.hex == "1a4140a85a0b9c55245b3413cd698f77fc9b3105e8c8452e8b1758f5d5f11f1e")
    }

    /// One scratch for fingerprints one after another, as a plan makes them: a long one, then
    /// shorter ones, each hashes only its own bytes.
    @Test func aReusedScratchHashesEachFingerprintAlone() {
        let settings = ImageSettings(model: "gpt-image-2", size: "1:1", resolution: "1K", quality: "low")
        let prefix = JobFingerprint.prefix(settings)
        var scratch = JobFingerprint.Scratch()
        for (prompt, links) in [
            (String(repeating: "long ", count: 400), (1...12).map { "https://x.test/\($0).png" }),
            ("A mug on marble", ["https://x.test/a.png"]), ("", []), ("ü", ["b.png", "c.png"]),
        ] {
            let references = links.map { ReferenceImage(link: $0, location: $0) }
            let fingerprint = JobFingerprint(
                prefix: prefix, prompt: Array(prompt.utf8), references: references, scratch: &scratch)
            #expect(fingerprint.hex == Self.reference(settings: settings, prompt: prompt, references: references))
        }
    }

    /// A drafted job's references' part, made from the links alone, is the one made from the
    /// references.
    @Test(arguments: [[], ["https://x.test/a.png"], ["a.png", "https://x.test/ü b.png"] + (1...10).map { "\($0)" }])
    func theReferencesPartFromLinksIsTheSame(links: [String]) {
        var fromLinks: [UInt8] = []
        var fromReferences: [UInt8] = []
        JobFingerprint.appendSuffix(ofLinks: links, to: &fromLinks)
        JobFingerprint.appendSuffix(
            of: links.map { ReferenceImage(link: $0, location: "/elsewhere/\($0)") }, to: &fromReferences)
        #expect(fromLinks == fromReferences && !fromLinks.isEmpty)
    }
}
