import CatalogModel
import Foundation
import Testing

struct JobFingerprintTests {
    let settings = ImageSettings(model: "gpt-image-2", size: "1:1", resolution: "1K", quality: "low")
    let references = [ReferenceImage(link: "../images/mug.png", location: "/checkout/a/fixtures/images/mug.png")]

    @Test func sameInputsGiveTheSameFingerprint() {
        let a = JobFingerprint(settings: settings, prompt: "a mug", references: references)
        let b = JobFingerprint(settings: settings, prompt: "a mug", references: references)
        #expect(a == b)
        #expect(a.hex.count == 64)
    }

    @Test func movingTheCheckoutDoesNotChangeIt() {
        let moved = [ReferenceImage(link: "../images/mug.png", location: "/elsewhere/fixtures/images/mug.png")]
        #expect(
            JobFingerprint(settings: settings, prompt: "a mug", references: references)
                == JobFingerprint(settings: settings, prompt: "a mug", references: moved))
    }

    @Test func everyPartChangesIt() {
        let base = JobFingerprint(settings: settings, prompt: "a mug", references: references)
        var other = settings
        other.quality = "high"
        #expect(JobFingerprint(settings: other, prompt: "a mug", references: references) != base)
        other = settings
        other.size = "16:9"
        #expect(JobFingerprint(settings: other, prompt: "a mug", references: references) != base)
        #expect(JobFingerprint(settings: settings, prompt: "a mug.", references: references) != base)
        #expect(JobFingerprint(settings: settings, prompt: "a mug", references: []) != base)
    }

    @Test func partsCannotBleedIntoEachOther() {
        // "ab" + "c" and "a" + "bc" must differ: each part is length-prefixed.
        let one = JobFingerprint(
            settings: settings, prompt: "ab", references: [ReferenceImage(link: "c", location: "c")])
        let two = JobFingerprint(
            settings: settings, prompt: "a", references: [ReferenceImage(link: "bc", location: "bc")])
        #expect(one != two)
    }

    /// Held as the digest's bytes, a fingerprint reads and writes the same hex the store holds.
    @Test func itsHexRoundTripsThroughTheStoredForm() throws {
        let made = JobFingerprint(settings: settings, prompt: "a mug", references: references)
        let read = JobFingerprint(hex: made.hex)
        #expect(read == made)
        #expect(read.hex == made.hex)
        #expect(read.hashValue == made.hashValue)
        let json = try JSONEncoder().encode(made)
        #expect(String(decoding: json, as: UTF8.self) == #"{"hex":"\#(made.hex)"}"#)
        #expect(try JSONDecoder().decode(JobFingerprint.self, from: json) == made)
    }

    /// A store's value that is not a lower-case digest (empty, upper-case, cut short, damaged)
    /// is kept as it was: equal only to the same text, never to a made fingerprint.
    @Test(arguments: [
        "", "ABC", String(repeating: "A", count: 64), String(repeating: "0", count: 63),
        String(repeating: "0", count: 65), String(repeating: "g", count: 64),
    ])
    func otherTextIsKeptAsItWas(text: String) {
        let read = JobFingerprint(hex: text)
        #expect(read.hex == text)
        #expect(read == JobFingerprint(hex: text))
        #expect(read != JobFingerprint(settings: settings, prompt: "a mug", references: references))
    }

    @Test func anUpperCaseDigestIsNotTheLowerCaseOne() {
        let made = JobFingerprint(settings: settings, prompt: "a mug", references: references)
        #expect(JobFingerprint(hex: made.hex.uppercased()) != made)
    }
}
