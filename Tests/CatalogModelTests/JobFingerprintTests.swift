import CatalogModel
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
}
